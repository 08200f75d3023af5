package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.spi.CallObserver;
import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import io.brama.Subscription;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What sits behind {@link io.brama.Brama}, and what ties its parts together: the {@link Registry}
 * (which connections there are), the {@link EventBus}, the {@link Scheduler} (every timer), the
 * {@link Monitors}, the {@link Threads} they run on and the {@link Lifecycle}; and the sharing
 * module, if one is attached. It decides what follows when a connection comes, goes or moves (who
 * hears of it, whether a timer makes its next move on time) and shuts the parts down in order.
 */
public final class Engine {
  private static final System.Logger LOG = System.getLogger("io.brama");
  /** How long {@link #close()} lets queued events be delivered. */
  static final long CLOSE_GRACE_MILLIS = 1000;

  private final Lifecycle lifecycle = new Lifecycle();
  private final TimeSource time;
  private final Threads threads;
  private final Registry registry;
  private final EventBus bus;
  private final Scheduler scheduler;
  private final Monitors monitors = new Monitors(this);
  /** The attached sharing module's link, or null (read on slow paths only). */
  private final AtomicReference<SharingLink> sharing = new AtomicReference<>();
  /** Told about guarded calls; null when none was registered. */
  private final CallObserver observer;

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
    this(config, clock, eventExecutor, queueCapacity, countCalls, null);
  }

  /** As above; {@code observer}: told about every guarded call, or null. */
  public Engine(BramaConfig config, InstantSource clock, Executor eventExecutor, int queueCapacity,
      boolean countCalls, CallObserver observer) {
    this.observer = observer;
    this.time = new TimeSource(clock == null ? new SystemClock() : clock);
    this.threads = new Threads(eventExecutor, lifecycle);
    this.registry = new Registry(this, lifecycle, Settings.of(config), countCalls);
    this.bus = new EventBus(threads.events(), queueCapacity, registry::remove);
    this.scheduler = new Scheduler(time, registry, Nanos.of(config.cleanupInterval()));
    Jfr.watchRecordings();
  }

  /** The observer of guarded calls, or null. */
  CallObserver observer() {
    return observer;
  }

  /** The connections: every lookup by id goes through {@link Registry#require}. */
  public Registry registry() {
    return registry;
  }

  /**
   * The clock everything here reads: the injected one, or the system clock made monotonic.
   *
   * @throws IllegalStateException once closed
   */
  public InstantSource clock() {
    lifecycle.ensureOpen();
    return time.source();
  }

  TimeSource time() {
    return time;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Monitors monitors() {
    return monitors;
  }

  Threads threads() {
    return threads;
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  EventBus bus() {
    return bus;
  }

  /** After {@code core} was registered (its REGISTERED event posted). */
  void registered(ConnectionCore core) {
    SharingLink link = sharing.get();
    if (link != null) {
      link.registered(core.id());
    }
  }

  /** After {@code core} was unregistered ({@code removed}: by this call, not an earlier one). */
  void unregistered(ConnectionCore core, boolean removed) {
    scheduler.disarm(core);
    monitors.stop(core);
    SharingLink link = sharing.get();
    if (removed && link != null) {
      link.unregistered(core.id());
    }
  }

  /** Starts probing {@code id} with {@code check}; see {@link io.brama.Brama#monitor}. */
  public HealthMonitor monitor(String id, HealthCheck check, Duration interval, Duration timeout) {
    Require.notNull(check, "check");
    Require.positive(interval, "interval");
    Require.positive(timeout, "timeout");
    ConnectionCore core = registry.find(id);
    if (core == null) {
      throw registry.unusable(id);
    }
    return monitors.start(core, check, interval, timeout);
  }

  /** Attaches a sharing module; one at a time. */
  public SharedCircuits attach(Sharing module) {
    Require.notNull(module, "sharing");
    lifecycle.ensureOpen();
    SharingLink link = new SharingLink(this, module);
    if (!sharing.compareAndSet(null, link)) {
      throw new IllegalStateException("a sharing module is already attached; detach it first");
    }
    for (String id : link.ids()) {
      link.registered(id);
    }
    scheduler.wakeTimedMoves();
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

  /** Subscribes {@code listener} to the events {@code filter} accepts. */
  public Subscription subscribe(EventFilter filter, BramaListener listener) {
    Require.notNull(filter, "filter");
    Require.notNull(listener, "listener");
    lifecycle.ensureOpen();
    Subscription s = bus.subscribe(filter, listener);
    scheduler.wakeTimedMoves(); // someone now sees when they happen
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
    boolean log = logsStateChanges();
    for (Change.Pending p : events) {
      if (p != null && p.type() == EventType.STATE_CHANGE) {
        if (log) {
          LOG.log(Level.INFO, "circuit ''{0}'' {1} -> {2} at {3}{4}", core.id(), p.previous(),
              p.state(), Nanos.toInstant(p.at()),
              p.reason() == null ? "" : " (" + Safe.describe(p.reason()) + ")");
        }
        Jfr.stateChanged(core, p);
      }
    }
  }

  /** Whether state changes are logged (at INFO). */
  static boolean logsStateChanges() {
    return LOG.isLoggable(Level.INFO);
  }

  void logError(String message, Throwable error) {
    LOG.log(Level.ERROR, message, error);
  }

  /**
   * Stops the timers and the monitors, ends every connection, delivers queued events for up to one
   * second, then stops the threads this Brama made. Idempotent.
   */
  public void close() {
    if (!lifecycle.close()) {
      return;
    }
    scheduler.close();
    monitors.close();
    for (ConnectionCore core : registry.values()) {
      core.terminate();
    }
    bus.close(CLOSE_GRACE_MILLIS);
    threads.shutdownEvents();
  }
}
