package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.CircuitState;
import io.brama.ConnectionAlreadyRegisteredException;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import io.brama.Registration;
import io.brama.Subscription;
import io.brama.UnknownConnectionException;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry behind {@link io.brama.Brama}: the connections by id, the event bus, and one daemon
 * timer thread that runs the sweeper (and, with the default clock, refreshes the coarse time).
 */
public final class Engine {
  private static final System.Logger LOG = System.getLogger("io.brama");
  /** How long {@link #close()} lets queued events be delivered. */
  static final long CLOSE_GRACE_MILLIS = 1000;

  private final Registry connections = new Registry();
  private final Settings defaults;
  private final TimeSource time;
  private final EventBus bus;
  private final ExecutorService ownedExecutor;
  private final Scheduler scheduler;
  private final Cancellable sweeper;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Monitors monitors = new Monitors(this);
  private final boolean countCalls;
  /** The attached sharing module's link, or null (read on slow paths only). */
  private final AtomicReference<SharingLink> sharing = new AtomicReference<>();

  /**
   * Starts an engine.
   *
   * @param eventExecutor where listeners run, or null for a default (virtual threads where the JDK
   *     has them, else a cached pool of daemon threads)
   */
  public Engine(BramaConfig config, InstantSource clock, Executor eventExecutor, int queueCapacity) {
    this(config, clock, eventExecutor, queueCapacity, false);
  }

  /** As above; {@code countCalls}: every connection keeps {@link io.brama.CallCounts}. */
  public Engine(BramaConfig config, InstantSource clock, Executor eventExecutor, int queueCapacity,
      boolean countCalls) {
    this.countCalls = countCalls;
    this.defaults = Settings.of(config);
    this.time = new TimeSource(clock == null ? new SystemClock() : clock);
    this.ownedExecutor = eventExecutor == null ? Threads.virtualOrDaemon("brama-events") : null;
    this.bus = new EventBus(eventExecutor == null ? ownedExecutor : eventExecutor, queueCapacity,
        connections::remove);
    this.scheduler = new Scheduler(time);
    this.sweeper = scheduler.every(Nanos.of(config.cleanupInterval()), this::sweep);
  }

  TimeSource time() {
    return time;
  }

  /** Runs {@code task} once the injected clock reaches {@code dueNanos} (see {@link Scheduler}). */
  Cancellable schedule(long dueNanos, Runnable task) {
    return scheduler.schedule(dueNanos, task);
  }

  Scheduler scheduler() {
    return scheduler;
  }

  /** Whether every connection counts its calls. */
  public boolean countsCalls() {
    ensureOpen();
    return countCalls;
  }

  Monitors monitors() {
    return monitors;
  }

  EventBus bus() {
    return bus;
  }

  /** Registers {@code id}; with {@code ifAbsent} an existing registration is returned instead. */
  public ConnectionCore register(String id, Registration registration, boolean ifAbsent) {
    Require.id(id);
    Require.notNull(registration, "registration");
    ensureOpen();
    // Connections without overrides share the defaults: one Settings object for all of them.
    Settings settings = registration.config().equals(ConnectionConfig.empty()) ? defaults
        : defaults.with(registration.config());
    ConnectionCore predecessor = null;
    for (;;) {
      ConnectionCore existing = connections.get(id);
      if (existing != null) {
        if (existing.removed()) {
          // An unregistered connection whose events are still on their way: take its place; the
          // bus delivers its last events before this registration's first.
          connections.remove(existing);
          predecessor = existing;
          continue;
        }
        if (ifAbsent) {
          return existing;
        }
        throw new ConnectionAlreadyRegisteredException(id);
      }
      ConnectionCore core = new ConnectionCore(this, id, registration.type(),
          registration.scope(), registration.metadata(), settings, 1, countCalls);
      if (connections.putIfAbsent(core) == null) {
        if (closed.get()) {
          core.terminate();
          connections.remove(core);
          throw closedException();
        }
        bus.post(core, new BramaEvent(EventType.REGISTERED, id, core.type(), core.scope(),
            Nanos.toInstant(time.now()), 1, null, CircuitState.CLOSED, null), predecessor);
        SharingLink link = sharing.get();
        if (link != null) {
          link.registered(id);
        }
        return core;
      }
    }
  }

  /** Removes {@code id}; false if it was not registered. */
  public boolean unregister(String id) {
    Require.notNull(id, "id");
    ensureOpen();
    ConnectionCore core = connections.get(id);
    if (core == null) {
      return false;
    }
    // It stays in the registry until the bus has delivered its last event (see EventBus).
    boolean removed = core.remove();
    scheduler.disarm(core);
    monitors.stop(core);
    SharingLink link = sharing.get();
    if (removed && link != null) {
      link.unregistered(id);
    }
    return removed;
  }

  /** Whether {@code id} is registered. */
  public boolean isRegistered(String id) {
    Require.notNull(id, "id");
    ensureOpen();
    ConnectionCore core = connections.get(id);
    return core != null && !core.removed();
  }

  /** The connection, or {@link UnknownConnectionException} (or, once closed, IllegalStateException). */
  public ConnectionCore get(String id) {
    ConnectionCore core;
    if (id == null || (core = connections.get(id)) == null) {
      throw missing(id);
    }
    return core;
  }

  /** The registry itself, for {@link io.brama.Brama}'s lookups by id (see {@link #get}). */
  public Registry connections() {
    return connections;
  }

  /** What {@link #get} throws for an id that is null or not registered. */
  public RuntimeException missing(String id) {
    return id == null ? new NullPointerException("id must not be null") : gone(id);
  }

  /** Like {@link #get}, but also refuses a connection that is being unregistered. */
  public ConnectionCore handle(String id) {
    ConnectionCore core = get(id);
    if (core.removed()) {
      throw gone(id);
    }
    return core;
  }

  /** Starts probing {@code id} with {@code check}; see {@link io.brama.Brama#monitor}. */
  public HealthMonitor monitor(String id, HealthCheck check, Duration interval, Duration timeout) {
    Require.notNull(check, "check");
    Require.positive(interval, "interval");
    Require.positive(timeout, "timeout");
    return monitors.start(handle(id), check, interval, timeout);
  }

  /** Attaches a sharing module; one at a time. */
  public SharedCircuits attach(Sharing module) {
    Require.notNull(module, "sharing");
    ensureOpen();
    SharingLink link = new SharingLink(this, module);
    if (!sharing.compareAndSet(null, link)) {
      throw new IllegalStateException("a sharing module is already attached; detach it first");
    }
    for (String id : link.ids()) {
      link.registered(id);
    }
    wakeTimedMoves();
    return link;
  }

  void detach(SharingLink link) {
    sharing.compareAndSet(link, null);
  }

  /** Reports a computation of {@code core}'s snapshot to the sharing module, if one is attached. */
  void shared(ConnectionCore core, Change t) {
    SharingLink link = sharing.get();
    if (link != null) {
      link.reportTo(core, t);
    }
  }

  /** The connection, or null when {@code id} is null or not registered. */
  ConnectionCore find(String id) {
    ConnectionCore core = id == null ? null : connections.get(id);
    return core == null || core.removed() ? null : core;
  }

  List<ConnectionCore> cores() {
    return connections.values();
  }

  /** Every connection's status, sorted by id. */
  public List<ConnectionStatus> statuses() {
    ensureOpen();
    List<ConnectionCore> cores = connections.values();
    // settled in id order, so that the events of moves that are due come in a stable order
    cores.sort(Comparator.comparing(ConnectionCore::id));
    List<ConnectionStatus> all = new ArrayList<>(cores.size());
    for (ConnectionCore core : cores) {
      try {
        all.add(core.status());
      } catch (UnknownConnectionException e) {
        // unregistered while we looked: not part of the picture
      }
    }
    return all;
  }

  /** Subscribes {@code listener} to the events {@code filter} accepts. */
  public Subscription subscribe(EventFilter filter, BramaListener listener) {
    Require.notNull(filter, "filter");
    Require.notNull(listener, "listener");
    ensureOpen();
    Subscription s = bus.subscribe(filter, listener);
    wakeTimedMoves(); // someone now sees when they happen
    return s;
  }

  /**
   * Whether the timed moves of a connection in {@code next} (to HALF_OPEN, a trial's deadline) are
   * made on time by a timer: when someone would see when they happened (a subscription, the INFO
   * log, a health monitor, a sharing module). Otherwise the next look at the connection makes them,
   * stamped with the same instants, and the sweeper is the backstop: a flapping circuit nobody
   * watches costs no timer.
   */
  boolean timesMoves(State next) {
    return bus.hasAudience() || next.monitored || sharing.get() != null || logsStateChanges();
  }

  /** Makes the timed moves already due, and arms the wake-up of every connection with one ahead. */
  private void wakeTimedMoves() {
    sweepAll(true);
  }

  /**
   * Publishes the events of one installed transition, numbered after {@code baseSequence}: every one
   * is posted before anything user-supplied (a reason's {@code toString()}) is rendered, so that no
   * sequence number can go missing.
   */
  void publish(ConnectionCore core, long baseSequence, List<Change.Pending> events, int count) {
    if (events == null) {
      if (count > 0) {
        bus.skip(core, baseSequence + 1, count); // nobody would receive them: none was built
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      Change.Pending p = i < events.size() ? events.get(i) : null;
      if (p == null || !bus.accepts(p.type())) {
        bus.skip(core, baseSequence + 1 + i, 1);
        continue;
      }
      bus.post(core, new BramaEvent(p.type(), core.id(), core.type(), core.scope(),
          Nanos.toInstant(p.at()), baseSequence + 1 + i, p.previous(), p.state(), p.reason()));
    }
    if (logsStateChanges()) {
      for (Change.Pending p : events) {
        if (p != null && p.type() == EventType.STATE_CHANGE) {
          LOG.log(Level.INFO, "circuit ''{0}'' {1} -> {2} at {3}{4}", core.id(), p.previous(),
              p.state(), Nanos.toInstant(p.at()),
              p.reason() == null ? "" : " (" + Safe.describe(p.reason()) + ")");
        }
      }
    }
  }

  /** Whether state changes are logged (at INFO). */
  static boolean logsStateChanges() {
    return LOG.isLoggable(Level.INFO);
  }


  private void sweep() {
    sweepAll(false);
  }

  /**
   * Applies every connection's due moves (and with {@code arm}, arms the wake-up of those with one
   * ahead); a connection that fails is logged and the others go on, so neither the sweeper nor a
   * caller of {@code subscribe} is stopped by one.
   */
  private void sweepAll(boolean arm) {
    try {
      long now = time.now();
      for (ConnectionCore core : connections.values()) {
        try {
          core.sweep(now);
          long due = arm ? core.state.nextDeadline() : Nanos.NONE;
          if (due != Nanos.NONE) {
            scheduler.wakeAt(core, due);
          }
        } catch (Throwable e) {
          LOG.log(Level.ERROR, "sweeping connection '" + core.id() + "' failed", e);
        }
      }
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "sweeping the connections failed; the Brama goes on", e);
    }
  }

  void logError(String message, Throwable error) {
    LOG.log(Level.ERROR, message, error);
  }

  /** The exception for an id that is not (or no longer) usable. */
  RuntimeException gone(String id) {
    return closed.get() ? closedException() : new UnknownConnectionException(id);
  }

  /** Throws IllegalStateException once closed. */
  public void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("this Brama is closed; create a new one");
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops the timer, ends every connection, delivers queued events for up to one second. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.cancel();
    scheduler.close();
    monitors.close();
    for (ConnectionCore core : connections.values()) {
      core.terminate();
    }
    bus.close(CLOSE_GRACE_MILLIS);
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }
}
