package app.boot;

import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** Pays through the payment API; while its circuit is open, queues the order instead. */
@Service
public class PaymentClient {
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean apiDown;

  /** Makes the (pretend) payment API fail or succeed. */
  public void apiDown(boolean down) {
    apiDown = down;
  }

  /** How many calls reached the payment API. */
  public int attempts() {
    return attempts.get();
  }

  /** Pays for {@code order}. */
  @CircuitBreaker(value = "payment_api", fallback = "queued")
  public String pay(String order) {
    attempts.incrementAndGet();
    if (apiDown) {
      throw new IllegalStateException("payment API answered 503");
    }
    return "paid " + order;
  }

  /** Called instead of {@link #pay} while the circuit is open. */
  public String queued(String order, CircuitOpenException e) {
    return "queued " + order + " (" + e.connection() + " is open)";
  }
}
