package io.brama.jfrcheck;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application using module {@code io.brama} from the module path, run by
 * {@link io.brama.jfr.ModulePathTest} in a JVM of its own, with or without {@code jdk.jfr}. It opens
 * a circuit, is refused, and prints what it saw on one line.
 */
public final class ModuleApplication {
  private ModuleApplication() {}

  public static void main(String[] args) throws Exception {
    boolean jfr = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    Recorder recorder = jfr ? Recorder.start() : null;
    try (Brama brama = Brama.builder().config(BramaConfig.builder().maxAttempts(1)
        .expiry(Duration.ofMinutes(1)).build()).build()) {
      brama.register("remote");
      brama.failure("remote", new IOException("down"));
      boolean refused = !brama.available("remote");
      System.out.println("jdk.jfr=" + jfr + " state=" + brama.status("remote").state()
          + " refused=" + refused + " module=" + Brama.class.getModule().getName()
          + (recorder == null ? "" : " stateChangeEvents=" + recorder.awaitStateChange()));
      if (brama.status("remote").state() != CircuitState.OPEN) {
        System.exit(1);
      }
    }
  }

  /** Loaded only when jdk.jfr is there. */
  static final class Recorder {
    private final CountDownLatch stateChange = new CountDownLatch(1);
    private final jdk.jfr.consumer.RecordingStream stream = new jdk.jfr.consumer.RecordingStream();

    static Recorder start() {
      Recorder r = new Recorder();
      r.stream.enable("io.brama.StateChange");
      r.stream.onEvent("io.brama.StateChange", e -> r.stateChange.countDown());
      r.stream.startAsync();
      return r;
    }

    /** 1 when the recording saw the state change within 20 s, else 0; ends the recording. */
    long awaitStateChange() throws InterruptedException {
      try {
        return stateChange.await(20, TimeUnit.SECONDS) ? 1 : 0;
      } finally {
        stream.close();
      }
    }
  }
}
