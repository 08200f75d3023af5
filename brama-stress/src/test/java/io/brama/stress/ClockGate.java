package io.brama.stress;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal read-write spin gate: operations enter as readers, {@code advance} as the writer, so the
 * clock moves only between operations. Spin loops are what Lincheck's model checker understands best
 * (it switches threads on an active wait); no JDK lock internals are involved.
 */
final class ClockGate {
  private final AtomicInteger state = new AtomicInteger(); // >0 readers, -1 writer

  void enter() {
    for (;;) {
      int s = state.get();
      if (s >= 0 && state.compareAndSet(s, s + 1)) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  void exit() {
    state.decrementAndGet();
  }

  void enterAlone() {
    while (!state.compareAndSet(0, -1)) {
      Thread.onSpinWait();
    }
  }

  void exitAlone() {
    state.set(0);
  }
}
