package io.brama;

import io.brama.internal.Engine;
import io.brama.spi.CallObserver;
import io.brama.internal.Require;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A registry of named connections, each guarded by a circuit breaker: the one entry point.
 *
 * <pre>{@code
 * try (Brama brama = Brama.create()) {
 *   brama.register("payment_api", Registration.builder().type("http").scope("payments").build());
 *   Receipt r = brama.call("payment_api", () -> client.pay(order));   // CircuitOpenException when open
 * }
 * }</pre>
 *
 * <p>Every method is thread-safe. On a CLOSED circuit {@link #available}, {@link #success},
 * {@link #tryAcquire} with {@link Permit#success()} and {@link #call} take no lock, allocate nothing
 * and read no clock. Per-id methods throw {@link UnknownConnectionException} for an id that is not
 * registered, and {@link IllegalStateException} once the Brama is closed.
 */
public final class Brama extends BramaOperations implements AutoCloseable {
  /** Default bound of each subscription's event queue. */
  public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 10_000;

  private Brama(Builder b) {
    super(new Engine(b.config, b.clock, b.eventExecutor, b.eventQueueCapacity, b.countCalls,
        b.observer));
  }

  /**
   * A Brama with {@link BramaConfig#defaults()}.
   *
   * @return a started Brama with the default config
   */
  public static Brama create() {
    return builder().build();
  }

  /**
   * A Brama with the given global defaults.
   *
   * @param config the global defaults for every connection
   * @return a started Brama
   */
  public static Brama create(BramaConfig config) {
    return builder().config(config).build();
  }

  /**
   * A builder: config, clock, event executor.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---- registry ----

  /**
   * Registers {@code id} with no type, scope or overrides.
   *
   * @param id the connection's id
   * @return the handle on the new connection
   * @throws ConnectionAlreadyRegisteredException if {@code id} is taken
   * @throws IllegalArgumentException if {@code id} is blank
   */
  public Circuit register(String id) {
    return connections.register(id, Registration.empty(), false);
  }

  /**
   * Registers {@code id} with a type, scope, config overrides and metadata.
   *
   * @param id the connection's id
   * @param registration its type, scope, config overrides and metadata
   * @return the handle on the new connection
   * @throws ConnectionAlreadyRegisteredException if {@code id} is taken
   */
  public Circuit register(String id, Registration registration) {
    return connections.register(id, registration, false);
  }

  /**
   * Registers {@code id}, or returns the existing handle (unchanged) if it is registered.
   *
   * @param id the connection's id
   * @param registration used only when {@code id} is not registered yet
   * @return the handle on the new or the existing connection
   */
  public Circuit registerIfAbsent(String id, Registration registration) {
    return connections.register(id, registration, true);
  }

  /**
   * Unregisters {@code id}; false if it was not registered. Handles on it stop working.
   *
   * @param id the connection's id
   * @return whether {@code id} was registered
   */
  public boolean unregister(String id) {
    return connections.unregister(id);
  }

  /**
   * Whether {@code id} is registered.
   *
   * @param id the connection's id
   * @return whether {@code id} is registered
   */
  public boolean isRegistered(String id) {
    return connections.isRegistered(id);
  }

  /**
   * The calls counted on {@code id} since it was registered.
   *
   * @param id the connection's id
   * @return the calls counted so far
   * @throws IllegalStateException when this Brama was not built with
   *     {@link Builder#countCalls(boolean) countCalls(true)}
   */
  public CallCounts calls(String id) {
    return connections.require(id).calls();
  }

  /**
   * The clock this Brama reads for every timing decision: the one given to
   * {@link Builder#clock(InstantSource)}, else the system clock it made (monotonic). For
   * integrations that compare instants with the Brama's own (an HTTP-date {@code Retry-After}).
   *
   * @return the Brama's clock
   * @throws IllegalStateException once the Brama is closed
   */
  public InstantSource clock() {
    return engine.clock();
  }

  /**
   * Whether this Brama was built with {@link Builder#countCalls(boolean) countCalls(true)}.
   *
   * @return whether every connection counts its calls
   */
  public boolean countsCalls() {
    return connections.countsCalls();
  }

  /**
   * Attaches a module that shares circuit state with other instances (such as
   * {@code RedisSharing.attach}, which calls this): {@code sharing} hears this instance's outcomes
   * and transitions, and the returned {@link SharedCircuits} applies the others' decisions. One
   * module at a time. See {@link io.brama.spi}.
   *
   * @param sharing the module that hears this instance's outcomes and transitions
   * @return the entry point through which the module applies the other instances' decisions
   * @throws IllegalStateException when a module is already attached
   */
  public SharedCircuits attach(Sharing sharing) {
    return engine.attach(sharing);
  }

  /**
   * The handle on {@code id}: the per-id operations without the name lookup.
   *
   * @param id the connection's id
   * @return the handle on {@code id}
   */
  public Circuit circuit(String id) {
    Circuit circuit = connections.find(id); // refuses one being unregistered, unlike require
    if (circuit == null) {
      throw connections.unusable(id);
    }
    return circuit;
  }

  // ---- the gate ----

  /**
   * Whether a call to {@code id} may proceed now; in HALF_OPEN a {@code true} takes a trial slot.
   *
   * @param id the connection's id
   * @return whether the call may proceed
   */
  public boolean available(String id) {
    return connections.require(id).available();
  }

  /**
   * A permit for one call; never throws for a closed gate: see {@link Permit#granted()}.
   *
   * @param id the connection's id
   * @return the permit; report the call's outcome through it when it was granted
   */
  public Permit tryAcquire(String id) {
    return connections.require(id).tryAcquire();
  }

  /**
   * Reports a successful call to {@code id}.
   *
   * @param id the connection's id
   */
  public void success(String id) {
    connections.require(id).success();
  }

  /**
   * Reports a failed call to {@code id}.
   *
   * @param id the connection's id
   */
  public void failure(String id) {
    connections.require(id).failure(null);
  }

  /**
   * Reports a failed call to {@code id}; {@code reason} (may be null) is kept as the last reason.
   *
   * @param id the connection's id
   * @param reason why the call failed, or null
   */
  public void failure(String id, Object reason) {
    connections.require(id).failure(reason);
  }

  /**
   * The status of {@code id}; takes no permit.
   *
   * @param id the connection's id
   * @return its status now
   */
  public ConnectionStatus status(String id) {
    return connections.require(id).status();
  }

  /**
   * Every connection's status, sorted by id.
   *
   * @return the statuses, one per registered connection
   */
  public List<ConnectionStatus> statuses() {
    return connections.statuses();
  }

  // ---- events ----

  /**
   * Subscribes to all events.
   *
   * @param listener the listener to receive every event
   * @return the subscription; close it to stop delivery
   */
  public Subscription subscribe(BramaListener listener) {
    return engine.subscribe(EventFilter.all(), listener);
  }

  /**
   * Subscribes to the events {@code filter} accepts.
   *
   * @param filter which events to deliver
   * @param listener the listener to receive them
   * @return the subscription; close it to stop delivery
   */
  public Subscription subscribe(EventFilter filter, BramaListener listener) {
    return engine.subscribe(filter, listener);
  }

  /**
   * Stops the background threads and ends every connection; queued events are delivered for at
   * most one second. Idempotent. Afterwards every method throws {@link IllegalStateException}.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Brama}. */
  public static final class Builder {
    private BramaConfig config = BramaConfig.defaults();
    private InstantSource clock;
    private Executor eventExecutor;
    private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
    private boolean countCalls;
    private CallObserver observer;

    private Builder() {}

    /**
     * Global defaults for every connection.
     *
     * @param config the global defaults
     * @return this builder
     */
    public Builder config(BramaConfig config) {
      this.config = Require.notNull(config, "config");
      return this;
    }

    /**
     * The clock for every timing decision, event timestamp and sweeper decision (default: the
     * system clock, made monotonic). Tests use {@link io.brama.testing.ManualClock}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Require.notNull(clock, "clock");
      return this;
    }

    /**
     * Where listeners run (default: a virtual thread per task on JDK 21+, else a cached pool of
     * daemon threads). Each subscription still gets its events one at a time, in order; with a
     * single-threaded executor a slow listener delays the others.
     *
     * @param eventExecutor the executor that runs listeners
     * @return this builder
     */
    public Builder eventExecutor(Executor eventExecutor) {
      this.eventExecutor = Require.notNull(eventExecutor, "eventExecutor");
      return this;
    }

    /**
     * The bound of each subscription's queue (default 10,000); at least 1.
     *
     * @param eventQueueCapacity the largest number of queued events per subscription
     * @return this builder
     */
    public Builder eventQueueCapacity(int eventQueueCapacity) {
      this.eventQueueCapacity = Require.atLeast(eventQueueCapacity, 1, "eventQueueCapacity");
      return this;
    }

    /**
     * Whether every connection counts its calls ({@link Brama#calls(String)}; what metrics
     * bindings read). Off by default: a CLOSED-circuit call then pays nothing for it; on, a few
     * nanoseconds (one striped-counter increment).
     *
     * @param countCalls whether to count calls
     * @return this builder
     */
    public Builder countCalls(boolean countCalls) {
      this.countCalls = countCalls;
      return this;
    }

    /**
     * Tells {@code observer} about every guarded call (a tracing module's; one observer, combine
     * your own). Without one, calls pay nothing for it.
     *
     * @param observer told when a call is admitted, ends, or is refused
     * @return this builder
     */
    public Builder observer(CallObserver observer) {
      this.observer = Require.notNull(observer, "observer");
      return this;
    }

    /**
     * Starts the Brama (and its daemon timer thread).
     *
     * @return the new Brama
     */
    public Brama build() {
      return new Brama(this);
    }
  }
}
