package app.jpms;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.time.InstantSource;

/** Guards a ledger connection: 2 failures open the circuit for 5 s. */
public final class Ledger implements AutoCloseable {
  /** The connection's id. */
  public static final String ID = "ledger_db";
  /** How long the circuit stays open. */
  public static final Duration EXPIRY = Duration.ofSeconds(5);

  private final Brama brama;

  /** A ledger whose circuit reads time from {@code clock}. */
  public Ledger(InstantSource clock) {
    brama = Brama.builder()
        .config(BramaConfig.builder().maxAttempts(2).expiry(EXPIRY).build())
        .clock(clock)
        .build();
    brama.register(ID);
  }

  /** Whether a call may go to the ledger now. */
  public boolean available() {
    return brama.available(ID);
  }

  /** Reports a call's outcome. */
  public void report(boolean ok) {
    if (ok) {
      brama.success(ID);
    } else {
      brama.failure(ID, "ledger down");
    }
  }

  /** The circuit's state. */
  public CircuitState state() {
    return brama.status(ID).state();
  }

  @Override
  public void close() {
    brama.close();
  }

  /** Prints the modules it runs in and one open-and-recover cycle, on the system clock. */
  public static void main(String[] args) {
    try (Ledger ledger = new Ledger(InstantSource.system())) {
      ledger.report(false);
      ledger.report(false);
      System.out.println("module " + Ledger.class.getModule().getName() + " reads module "
          + Brama.class.getModule().getName() + "; after 2 failures: " + ledger.state()
          + ", available: " + ledger.available());
    }
  }
}
