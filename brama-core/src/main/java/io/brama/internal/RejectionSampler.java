package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A connection's rejections for JFR while a recording wants them: counted, and committed as one
 * {@code io.brama.Rejected} event per second at most (by the Brama's clock), carrying the count;
 * what is left is committed when the circuit stops refusing. Made on the first rejection seen
 * while recording.
 */
final class RejectionSampler {
  private static final long SECOND = 1_000_000_000L;
  private static final VarHandle WINDOW;

  static {
    try {
      WINDOW = MethodHandles.lookup().findVarHandle(RejectionSampler.class, "windowStart",
          long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String connection;
  private final LongAdder pending = new LongAdder();
  /** When the last event was committed; NONE before the first. */
  @SuppressWarnings("unused") // through WINDOW
  private volatile long windowStart = Nanos.NONE;
  private volatile long lastRetryAfter;

  RejectionSampler(String connection) {
    this.connection = connection;
  }

  /** One rejection at {@code now}, announcing {@code retryAfterNanos}. */
  void rejected(long now, long retryAfterNanos) {
    pending.increment();
    lastRetryAfter = retryAfterNanos;
    long start = (long) WINDOW.getVolatile(this);
    if ((start == Nanos.NONE || now - start >= SECOND)
        && WINDOW.compareAndSet(this, start, now)) {
      commit(retryAfterNanos);
    }
  }

  /** Commits what is pending (the circuit stopped refusing). */
  void flush() {
    commit(lastRetryAfter);
  }

  private void commit(long retryAfterNanos) {
    long count = pending.sumThenReset();
    if (count > 0) {
      Jfr.rejected(connection, retryAfterNanos, count);
    }
  }
}
