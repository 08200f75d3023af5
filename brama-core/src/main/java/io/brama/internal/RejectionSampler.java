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
  private static final VarHandle OF_CONNECTION;

  static {
    try {
      WINDOW = MethodHandles.lookup().findVarHandle(RejectionSampler.class, "windowStart",
          long.class);
      OF_CONNECTION = MethodHandles.lookup().findVarHandle(ConnectionCore.class, "jfrRejections",
          RejectionSampler.class);
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

  private RejectionSampler(String connection) {
    this.connection = connection;
  }

  /** The sampler of {@code core}, made on first use. */
  static RejectionSampler of(ConnectionCore core) {
    RejectionSampler r = core.jfrRejections;
    if (r == null) {
      r = new RejectionSampler(core.id());
      if (!OF_CONNECTION.compareAndSet(core, null, r)) {
        r = core.jfrRejections;
      }
    }
    return r;
  }

  /** Commits the rejections of {@code core} that JFR has not seen yet: it stopped refusing. */
  static void flush(ConnectionCore core) {
    RejectionSampler r = core.jfrRejections;
    if (r != null) {
      r.flush();
    }
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

  private void flush() {
    commit(lastRetryAfter);
  }

  private void commit(long retryAfterNanos) {
    long count = pending.sumThenReset();
    if (count > 0) {
      Jfr.rejected(connection, retryAfterNanos, count);
    }
  }
}
