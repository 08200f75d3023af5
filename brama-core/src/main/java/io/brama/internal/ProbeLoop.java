package io.brama.internal;

import io.brama.Health;
import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One health monitor. Ticks run on the engine's timer (so a ManualClock drives them); each tick
 * takes a probe permit and runs the check on the probe executor, with a timeout on the timer.
 * Outcomes go through the permit like traffic, with two differences (see {@link #settle}): in
 * CLOSED a healthy probe is not a success (it never resets the failure count), and in HALF_OPEN
 * the trial is the probe's alone. Probes of one connection never overlap: a tick that finds a
 * timed-out probe still running counts as another failed probe instead of starting a second one.
 */
public final class ProbeLoop implements HealthMonitor {
  private static final System.Logger LOG = System.getLogger("io.brama");
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  /** Called off before it started: it never runs. */
  private static final int ABANDONED = 3;

  private final Monitors owner;
  private final Engine engine;
  private final ConnectionCore core;
  private final HealthCheck check;
  private final String name;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong probes = new AtomicLong();
  /** Guards the pending tick (never held while blocking or calling out). */
  private final ReentrantLock schedule = new ReentrantLock();
  private long tickToken;
  private long pendingToken;
  private long pendingAt = Nanos.NONE;
  private Cancellable pending;
  private volatile Probe inFlight;
  private volatile Health lastHealth;

  /** One run of the check: its permit, its phase, and whether its verdict is in. */
  private static final class Probe {
    final GatePermit permit;
    final long startedAt;
    final AtomicInteger phase = new AtomicInteger(NEW);
    final AtomicBoolean settled = new AtomicBoolean();
    volatile long timedOutAt = Nanos.NONE;
    volatile Future<?> task;
    volatile Cancellable timeout;

    Probe(GatePermit permit, long startedAt) {
      this.permit = permit;
      this.startedAt = startedAt;
    }

    boolean busy() {
      int p = phase.get();
      return p == NEW || p == RUNNING;
    }

    /** Stops it: never started, or interrupted. */
    void abandon() {
      if (!phase.compareAndSet(NEW, ABANDONED)) {
        Future<?> t = task;
        if (t != null) {
          t.cancel(true);
        }
      }
    }
  }

  ProbeLoop(Monitors owner, Engine engine, ConnectionCore core, HealthCheck check,
      long intervalNanos, long timeoutNanos) {
    this.owner = owner;
    this.engine = engine;
    this.core = core;
    this.check = check;
    this.name = describe(check);
    this.intervalNanos = intervalNanos;
    this.timeoutNanos = timeoutNanos;
  }

  private static String describe(HealthCheck check) {
    try {
      return "health check " + check;
    } catch (RuntimeException e) {
      return "health check " + check.getClass().getName();
    }
  }

  /** The first probe is due now; it runs on the timer like the others. */
  void start() {
    scheduleAt(engine.time().now());
  }

  private void tick(long token) {
    schedule.lock();
    try {
      if (token != pendingToken) {
        return; // replaced by an earlier tick, or cancelled
      }
      pendingToken = 0;
      pendingAt = Nanos.NONE;
      pending = null;
    } finally {
      schedule.unlock();
    }
    if (!running.get()) {
      return;
    }
    long now = engine.time().now();
    try {
      probe(now);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, name + " of connection '" + core.id() + "': a tick failed; probing "
          + "goes on", e);
    } finally {
      scheduleNext(now);
    }
  }

  private void probe(long now) {
    Probe busy = inFlight;
    if (busy != null && busy.busy()) {
      // Never two probes at once. One within its timeout is awaited; one that timed out before
      // this tick and still has not returned makes this tick another failed probe.
      long timedOutAt = busy.timedOutAt;
      if (timedOutAt != Nanos.NONE && now > timedOutAt) {
        GatePermit p = core.probePermit();
        if (p != null && p.granted()) {
          p.record(false, name + " still running after "
              + Duration.ofNanos(now - busy.startedAt), Nanos.NONE);
        }
      }
      return;
    }
    GatePermit permit = core.probePermit();
    if (permit == null) {
      stop(); // unregistered
    } else if (permit.granted()) {
      // Timed from after the grant: the clock may have moved since the tick began (a ManualClock
      // advanced meanwhile), and a timeout counted from the tick would fail the probe at once.
      long started = engine.time().now();
      launch(new Probe(permit, started), started);
    }
  }

  private void launch(Probe probe, long now) {
    inFlight = probe;
    if (!running.get()) { // stopped while this tick ran: stop() may not have seen this probe
      probe.phase.set(ABANDONED);
      giveBack(probe);
      return;
    }
    try {
      probe.task = engine.threads().probes().submit(() -> run(probe));
    } catch (RuntimeException | Error e) { // closing, or no thread to be had
      probe.phase.set(ABANDONED);
      giveBack(probe);
      if (!engine.lifecycle().isClosed()) {
        LOG.log(Level.ERROR, name + " of connection '" + core.id() + "' could not start", e);
      }
      return;
    }
    probe.timeout = engine.scheduler().schedule(Nanos.plus(now, timeoutNanos), () -> {
      probe.timedOutAt = Nanos.plus(now, timeoutNanos);
      if (settle(probe, Health.unhealthy(name + " did not answer within "
          + Duration.ofNanos(timeoutNanos)))) {
        probe.abandon();
      }
    });
  }

  private void run(Probe probe) {
    if (!probe.phase.compareAndSet(NEW, RUNNING)) {
      return;
    }
    Health health;
    try {
      health = check.check();
      if (health == null) {
        health = Health.unhealthy(name + " returned null");
      }
    } catch (Exception e) {
      health = Health.unhealthy(e);
    } catch (Error e) {
      LOG.log(Level.WARNING, name + " of connection '" + core.id()
          + "' threw an Error; recorded as a failed probe", e);
      health = Health.unhealthy(e);
    } finally {
      probe.phase.set(DONE);
      probes.incrementAndGet();
    }
    if (settle(probe, health)) {
      Cancellable timeout = probe.timeout;
      if (timeout != null) {
        timeout.cancel();
      }
    }
  }

  /**
   * Reports the verdict once (the check's answer or its timeout, whichever comes first). In CLOSED
   * only a failure is reported; a trial reports both. Returns whether this call decided.
   */
  private boolean settle(Probe probe, Health health) {
    if (!probe.settled.compareAndSet(false, true)) {
      return false;
    }
    lastHealth = health;
    if (!running.get()) {
      probe.permit.ignore();
    } else if (!health.isHealthy()) {
      probe.permit.record(false, health.reason(), Nanos.NONE);
    } else if (probe.permit instanceof TrialPermit) {
      probe.permit.record(true, null, Nanos.NONE);
    }
    return true;
  }

  /** Frees a probe's permit without a verdict (a trial slot goes back). */
  private static void giveBack(Probe probe) {
    if (probe.settled.compareAndSet(false, true)) {
      probe.permit.ignore();
    }
  }

  private void scheduleNext(long now) {
    long due = Nanos.plus(now, intervalNanos);
    if (core.state instanceof Open o && o.halfOpensAt > now && o.halfOpensAt < due) {
      due = o.halfOpensAt;
    }
    scheduleAt(due);
  }

  /** Schedules the next tick at {@code due} unless one is already due no later. */
  void scheduleAt(long due) {
    schedule.lock();
    try {
      if (!running.get() || pendingAt != Nanos.NONE && pendingAt <= due) {
        return;
      }
      if (pending != null) {
        pending.cancel();
      }
      long token = ++tickToken;
      pendingToken = token;
      pendingAt = due;
      pending = engine.scheduler().schedule(due, () -> tick(token));
    } finally {
      schedule.unlock();
    }
  }

  @Override
  public String id() {
    return core.id();
  }

  @Override
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  @Override
  public Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  @Override
  public Health lastHealth() {
    return lastHealth;
  }

  @Override
  public long probes() {
    return probes.get();
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }

  @Override
  public void stop() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    schedule.lock();
    try {
      if (pending != null) {
        pending.cancel();
      }
      pending = null;
      pendingToken = 0;
      pendingAt = Nanos.NONE;
    } finally {
      schedule.unlock();
    }
    Probe probe = inFlight;
    if (probe != null && probe.settled.compareAndSet(false, true)) {
      probe.permit.ignore(); // a trial slot goes back to traffic
      Cancellable timeout = probe.timeout;
      if (timeout != null) {
        timeout.cancel();
      }
      probe.abandon();
    }
    try {
      core.monitored(false);
    } finally {
      owner.stopped(this, core);
    }
  }

  @Override
  public String toString() {
    return "HealthMonitor[" + core.id() + ", " + name + " every " + interval() + "]";
  }
}
