package io.brama.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Timers due at instants of the injected clock (epoch nanoseconds), earliest first: an indexed
 * binary heap, so that cancelling and moving a timer cost O(log n). Whoever drives the queue calls
 * {@link #runDue(long)}: a timer thread for the system clock and other clocks, {@code
 * ManualClock.advance} for a manual clock (whose queue is shared by every Brama it drives).
 *
 * <p>Timers run outside the lock, on the thread that calls {@link #runDue}; {@link #nextDue()} is a
 * single volatile read, so a driver that finds nothing due pays nothing more.
 */
public final class TimerQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Runnable onEarlier;
  private Timer[] heap = new Timer[16];
  private int size;
  private long order;
  private volatile long nextDue = Long.MAX_VALUE;

  /** A queue whose driver is not told when an earlier timer arrives (it polls, or is driven). */
  public TimerQueue() {
    this(null);
  }

  /** A queue that calls {@code onEarlier} (never under its lock) when a timer becomes the first. */
  TimerQueue(Runnable onEarlier) {
    this.onEarlier = onEarlier;
  }

  /** One timer: its task runs once the clock reaches {@link #due}, unless cancelled first. */
  public static final class Timer implements Cancellable {
    private final TimerQueue queue;
    private final Runnable task;
    private long due;
    /** Order among timers due at the same instant: when it was first queued. */
    private long seq = -1;
    /** Position in the heap, or -1 when not queued. Guarded by the queue's lock. */
    private int index = -1;
    /**
     * The instant it is queued for, readable without the lock; {@code Long.MIN_VALUE} once it ran,
     * was removed, or was never queued. Written under the lock, before a popped timer's task runs.
     */
    private volatile long armedDue = Long.MIN_VALUE;

    Timer(TimerQueue queue, Runnable task) {
      this.queue = queue;
      this.task = task;
    }

    @Override
    public void cancel() {
      queue.remove(this);
    }
  }

  /** The earliest due instant, {@code Long.MAX_VALUE} when empty. */
  public long nextDue() {
    return nextDue;
  }

  /** Queues {@code task} to run once the clock reaches {@code due}. */
  Timer schedule(long due, Runnable task) {
    Timer t = new Timer(this, task);
    arm(t, due, false);
    return t;
  }

  /** An unqueued timer for {@link #armNoLater}: made once, armed again and again. */
  Timer timer(Runnable task) {
    return new Timer(this, task);
  }

  /**
   * Makes {@code t} due at {@code due} at the latest: queues it, or moves it earlier; a timer already
   * due sooner stays as it is.
   */
  void armNoLater(Timer t, long due) {
    arm(t, due, true);
  }

  private void arm(Timer t, long due, boolean keepEarlier) {
    boolean first;
    lock.lock();
    try {
      if (t.index >= 0) {
        if (keepEarlier && t.due <= due) {
          return;
        }
        t.due = due;
        t.armedDue = due;
        siftUp(t.index);
      } else {
        t.due = due;
        t.armedDue = due;
        if (t.seq < 0) {
          t.seq = order++; // once: a re-armed timer keeps its place among equal instants
        }
        if (size == heap.length) {
          heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.index = size++;
        siftUp(t.index);
      }
      first = heap[0] == t;
      nextDue = heap[0].due;
    } finally {
      lock.unlock();
    }
    if (first && onEarlier != null) {
      onEarlier.run();
    }
  }

  /**
   * Whether {@code t} is queued to run at or before {@code due}, read without the lock. A caller that
   * installed a state and then sees true may skip re-arming: either the timer has not been popped
   * (it will run no later, and a wake-up re-arms from the state then in force), or the pop's write
   * comes after this read, and the task then sees that state.
   */
  static boolean queuedNoLater(Timer t, long due) {
    long armed = t.armedDue;
    return armed != Long.MIN_VALUE && armed <= due;
  }

  /** Removes {@code t}; nothing when it is not queued (it ran, or was cancelled). */
  void remove(Timer t) {
    lock.lock();
    try {
      if (t.index >= 0) {
        removeAt(t.index);
        nextDue = size == 0 ? Long.MAX_VALUE : heap[0].due;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs, one at a time on this thread, every timer due at or before {@code now}. A task that throws
   * is the caller's to log: tasks are wrapped by {@link Scheduler}, which does.
   */
  public void runDue(long now) {
    for (;;) {
      if (nextDue > now) {
        return; // nothing (more) due: no lock
      }
      Timer t;
      lock.lock();
      try {
        if (size == 0 || heap[0].due > now) {
          return;
        }
        t = heap[0];
        removeAt(0);
        nextDue = size == 0 ? Long.MAX_VALUE : heap[0].due;
      } finally {
        lock.unlock();
      }
      t.task.run();
    }
  }

  /** Queued timers (for tests and close). */
  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  private void removeAt(int i) {
    Timer removed = heap[i];
    removed.index = -1;
    removed.armedDue = Long.MIN_VALUE;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    Timer last = heap[size];
    heap[size] = null;
    heap[i] = last;
    last.index = i;
    siftDown(i);
    if (heap[i] == last) {
      siftUp(i);
    }
  }

  private static boolean before(Timer a, Timer b) {
    return a.due < b.due || a.due == b.due && a.seq < b.seq;
  }

  private void siftUp(int i) {
    Timer t = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Timer p = heap[parent];
      if (!before(t, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = t;
    t.index = i;
  }

  private void siftDown(int i) {
    Timer t = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], t)) {
        break;
      }
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = t;
    t.index = i;
  }
}
