package io.brama;

/**
 * The kinds of {@link BramaEvent}, of two sorts. <b>Lifecycle</b> events say what a connection is
 * and how it is set: {@link #REGISTERED}, {@link #UNREGISTERED}, {@link #STATE_CHANGE},
 * {@link #CONFIGURED} and {@link #SHARED_STATE} (whether the state shared with other instances is
 * reachable); they are rare, and a full subscription queue still takes them. <b>Per-call</b> events
 * report one call each: {@link #SUCCESS}, {@link #FAILURE} and {@link #REJECTED}; they are built
 * only when some subscriber wants them, and a full subscription queue drops them (counted).
 * {@link #isPerCall()} and {@link #isLifecycle()} tell them apart; {@link EventFilter#lifecycle()}
 * accepts the lifecycle ones.
 */
public enum EventType {
  /** A connection was registered. */
  REGISTERED,
  /** A connection was unregistered. */
  UNREGISTERED,
  /** A circuit changed state; the event carries the previous and new state. */
  STATE_CHANGE,
  /** A failure was reported (built only when someone subscribes to it). */
  FAILURE,
  /** A success was reported (built only when someone subscribes to it). */
  SUCCESS,
  /** The gate refused a call (built only when someone subscribes to it). */
  REJECTED,
  /** A connection's configuration was changed. */
  CONFIGURED,
  /**
   * The state shared with other instances (see {@code io.brama.spi}) became unreachable, or
   * reachable again; the reason says which. The local circuit keeps working either way.
   */
  SHARED_STATE;

  /**
   * Per-call events, which a full subscription queue drops first.
   *
   * @return whether this is SUCCESS, FAILURE or REJECTED
   */
  public boolean isPerCall() {
    return this == SUCCESS || this == FAILURE || this == REJECTED;
  }

  /**
   * Lifecycle events: every type that is not {@linkplain #isPerCall() per call}, so that a new type
   * is one or the other.
   *
   * @return whether this is REGISTERED, UNREGISTERED, STATE_CHANGE, CONFIGURED or SHARED_STATE
   */
  public boolean isLifecycle() {
    return !isPerCall();
  }
}
