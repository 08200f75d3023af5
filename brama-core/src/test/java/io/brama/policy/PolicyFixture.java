package io.brama.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brama.CheckedCallable;
import io.brama.WindowStatus;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * What the failure-policy tests share beyond {@link io.brama.fixtures}: the connection id, window
 * checks, throwing actions and scripted randomness.
 */
final class PolicyFixture {
  static final String ID = "api";

  private PolicyFixture() {}

  /** Asserts the window's counts, and its rates computed from them. */
  static void assertWindow(WindowStatus w, int calls, int failures, int slowCalls) {
    assertThat(w).as("window").isNotNull();
    assertThat(w.calls()).as("calls").isEqualTo(calls);
    assertThat(w.failures()).as("failures").isEqualTo(failures);
    assertThat(w.slowCalls()).as("slowCalls").isEqualTo(slowCalls);
    assertThat(w.failureRatePercent()).as("failureRatePercent")
        .isCloseTo(calls == 0 ? 0 : 100.0 * failures / calls, within(1e-9));
    assertThat(w.slowCallRatePercent()).as("slowCallRatePercent")
        .isCloseTo(calls == 0 ? 0 : 100.0 * slowCalls / calls, within(1e-9));
  }

  /** An action that throws {@code t} (checked or not). */
  static CheckedCallable<Object, Exception> throwing(Throwable t) {
    return () -> {
      if (t instanceof Exception e) {
        throw e;
      }
      throw (Error) t;
    };
  }

  /** A RandomGenerator whose nextDouble() returns the given values in turn (the last one repeats). */
  static final class Scripted implements RandomGenerator {
    private final double[] values;
    final AtomicInteger calls = new AtomicInteger();

    Scripted(double... values) {
      this.values = values;
    }

    @Override
    public double nextDouble() {
      int i = calls.getAndIncrement();
      return values[Math.min(i, values.length - 1)];
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("only nextDouble() is scripted");
    }
  }
}
