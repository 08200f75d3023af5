package io.brama.internal;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Tasks due at instants of a clock that cannot be waited on (a ManualClock): polled by the timer. */
final class Deadlines {
  private final TimeSource time;
  private final PriorityBlockingQueue<Deadline> queue = new PriorityBlockingQueue<>();
  private final AtomicLong order = new AtomicLong();

  private final class Deadline implements Comparable<Deadline>, Engine.Cancellable {
    final long due;
    final long seq = order.incrementAndGet();
    final Runnable task;

    Deadline(long due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    @Override
    public int compareTo(Deadline o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      queue.remove(this);
    }
  }

  Deadlines(TimeSource time) {
    this.time = time;
  }

  Engine.Cancellable add(long due, Runnable task) {
    Deadline d = new Deadline(due, task);
    queue.add(d);
    return d;
  }

  /** Runs every task whose instant has come. */
  void runDue() {
    long now = time.now();
    for (Deadline d = queue.peek(); d != null && d.due <= now; d = queue.peek()) {
      if (queue.remove(d)) {
        d.task.run();
      }
    }
  }
}
