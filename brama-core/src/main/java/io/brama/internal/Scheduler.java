package io.brama.internal;

import io.brama.testing.ManualClock;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one scheduler of a Brama, and its only timer code: the sweeper, half-open moves and trial
 * deadlines, call timeouts and health probes are all timers here, on the injected clock's timeline.
 * Nothing else in the Brama waits for an instant or walks the connections to apply due moves.
 *
 * <ul>
 *   <li>System clock: a daemon thread sleeps until the earliest timer and is woken when an earlier
 *       one arrives; it also refreshes the coarse time every {@link TimeSource#COARSE_TICK_MILLIS}.
 *   <li>{@link ManualClock}: the timers live in the clock's own queue (one clock may drive several
 *       Bramas); {@code advance} and {@code set} run the ones that became due before returning. A
 *       timer already due when it is scheduled runs at once, on this scheduler's thread.
 *   <li>Any other clock: the thread checks it every {@link #POLL_MILLIS} ms of wall time.
 * </ul>
 */
final class Scheduler {
  private static final System.Logger LOG = System.getLogger("io.brama");
  /** How often a clock that is neither the system's nor a ManualClock is re-checked. */
  static final long POLL_MILLIS = 5;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final TimeSource time;
  private final TimerQueue queue;
  private final boolean manual;
  private final boolean exact;
  private final Thread thread;
  /** Manual clock: timers already due when scheduled, for the thread to run now. */
  private final TimerQueue immediate;
  private volatile boolean closed;
  /** The wake-up of each connection that has a timed move ahead. */
  private final ConcurrentHashMap<ConnectionCore, TimerQueue.Timer> wakeups =
      new ConcurrentHashMap<>();
  private final Registry connections;
  private final Cancellable sweeper;

  /** Starts the timer thread, and the sweeper of {@code connections} every {@code sweepNanos}. */
  Scheduler(TimeSource time, Registry connections, long sweepNanos) {
    this.time = time;
    this.connections = connections;
    TimerQueue shared = ManualClocks.timers(time.source());
    this.manual = shared != null;
    this.exact = time.needsTicking();
    this.thread = new Thread(this::loop, "brama-timer-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    Runnable wake = () -> LockSupport.unpark(thread);
    this.queue = manual ? shared : new TimerQueue(exact ? wake : null);
    this.immediate = manual ? new TimerQueue(wake) : null;
    thread.start();
    this.sweeper = every(sweepNanos, () -> sweep(false));
  }

  /** Runs {@code task} once the clock reaches {@code due}; a task that throws is logged. */
  Cancellable schedule(long due, Runnable task) {
    Runnable guarded = guard(task);
    if (manual && due <= time.now()) {
      return immediate.schedule(Long.MIN_VALUE, guarded);
    }
    return queue.schedule(due, guarded);
  }

  /** Runs {@code task} every {@code periodNanos} of clock time, the first time one period from now. */
  Cancellable every(long periodNanos, Runnable task) {
    Periodic p = new Periodic(periodNanos, guard(task));
    p.next();
    return p;
  }

  /**
   * Settles {@code core} at {@code due} at the latest, so that its timed moves happen without
   * traffic. A connection gets its wake-up timer the first time it has a timed move ahead (kept
   * here, not in the connection, so that connections that never open carry nothing for it) and
   * keeps it, re-armed, until it is unregistered: a flapping circuit allocates nothing for it.
   */
  void wakeAt(ConnectionCore core, long due) {
    if (closed) {
      return;
    }
    TimerQueue.Timer t = core.wakeTimer;
    if (t == null) {
      t = wakeups.computeIfAbsent(core, c -> queue.timer(guard(() -> wake(c))));
      core.wakeTimer = t;
    }
    if (!TimerQueue.queuedNoLater(t, due)) {
      queue.armNoLater(t, due);
    }
  }

  private void wake(ConnectionCore core) {
    long due = core.wakeUp();
    if (due != Nanos.NONE) {
      wakeAt(core, due);
    }
  }

  /** Drops {@code core}'s wake-up (it was unregistered). */
  void disarm(ConnectionCore core) {
    TimerQueue.Timer t = wakeups.remove(core);
    if (t != null) {
      t.cancel();
    }
  }

  /**
   * Makes the timed moves already due, and arms the wake-up of every connection with one ahead: for
   * when someone starts watching (a subscription, a sharing module) the connections nobody timed.
   */
  void wakeTimedMoves() {
    sweep(true);
  }

  /**
   * Applies every connection's due moves (and with {@code arm}, arms the wake-up of those with one
   * ahead); a connection that fails is logged and the others go on, so neither the sweeper nor a
   * caller of {@code subscribe} is stopped by one.
   */
  private void sweep(boolean arm) {
    try {
      long now = time.now();
      for (ConnectionCore core : connections.values()) {
        try {
          core.sweep(now);
          long due = arm ? core.state.nextDeadline() : Nanos.NONE;
          if (due != Nanos.NONE) {
            wakeAt(core, due);
          }
        } catch (Throwable e) {
          LOG.log(Level.ERROR, "sweeping connection '" + core.id() + "' failed", e);
        }
      }
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "sweeping the connections failed; the Brama goes on", e);
    }
  }

  /**
   * Stops the sweeper, the thread and every wake-up; other timers of a manual clock find the Brama
   * closed.
   */
  void close() {
    sweeper.cancel();
    closed = true;
    for (TimerQueue.Timer t : wakeups.values()) {
      t.cancel();
    }
    wakeups.clear();
    LockSupport.unpark(thread);
  }

  private Runnable guard(Runnable task) {
    return () -> {
      if (closed) {
        return;
      }
      try {
        task.run();
      } catch (Throwable e) {
        LOG.log(Level.ERROR, "a scheduled task failed; the scheduler goes on", e);
      }
    };
  }

  private void loop() {
    while (!closed) {
      try {
        if (manual) {
          immediate.runDue(Long.MIN_VALUE);
          LockSupport.park(this);
          continue;
        }
        long now = time.now();
        queue.runDue(now);
        if (exact) {
          time.refreshCoarse();
          long wait = Math.min(queue.nextDue() - time.now(),
              TimeUnit.MILLISECONDS.toNanos(TimeSource.COARSE_TICK_MILLIS));
          if (wait > 0) {
            LockSupport.parkNanos(this, wait);
          }
        } else {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
      } catch (Throwable e) {
        LOG.log(Level.ERROR, "the timer thread caught an error; it goes on", e);
      }
    }
  }

  /** A timer that re-arms itself after each run; cancelling stops it. */
  private final class Periodic implements Cancellable {
    private final long periodNanos;
    private final Runnable task;
    private volatile Cancellable current;
    private volatile boolean cancelled;

    Periodic(long periodNanos, Runnable task) {
      this.periodNanos = periodNanos;
      this.task = task;
    }

    void next() {
      current = queue.schedule(Nanos.plus(time.now(), periodNanos), () -> {
        try {
          task.run();
        } finally {
          if (!cancelled && !closed) {
            next();
          }
        }
      });
      if (cancelled) {
        current.cancel();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      Cancellable c = current;
      if (c != null) {
        c.cancel();
      }
    }
  }
}
