package io.brama;

/** The kinds of {@link BramaEvent}. */
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
}
