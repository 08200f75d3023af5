package io.brama.mutation;

import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A {@link ManualClock} that can run one action inside its next read by the arming thread: the
 * deterministic stand-in for another thread acting between two steps of an operation.
 */
final class HookClock implements InstantSource {
  final ManualClock manual;
  private volatile Runnable hook;
  private volatile Thread armedBy;

  HookClock() {
    this(TestBrama.T0);
  }

  HookClock(Instant start) {
    this.manual = new ManualClock(start);
  }

  /** Runs {@code action} inside the next clock read made by this thread (once). */
  void onNextRead(Runnable action) {
    armedBy = Thread.currentThread();
    hook = action;
  }

  boolean armed() {
    return hook != null;
  }

  void advance(Duration d) {
    manual.advance(d);
  }

  void set(Instant i) {
    manual.set(i);
  }

  @Override
  public Instant instant() {
    Runnable h = hook;
    if (h != null && Thread.currentThread() == armedBy) {
      hook = null;
      h.run();
    }
    return manual.instant();
  }
}
