package io.brama;

import io.brama.internal.Require;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which events a subscription receives: {@code EventFilter.of(EventType.STATE_CHANGE)
 * .scope("payment_services")}. Every criterion set must match; no types means all types. Immutable:
 * each narrowing method returns a copy.
 */
public final class EventFilter {
  private static final EventFilter ALL = new EventFilter(EnumSet.allOf(EventType.class), null, null, null);
  private static final EventFilter LIFECYCLE = new EventFilter(lifecycleTypes(), null, null, null);

  private final Set<EventType> types;
  private final String connection;
  private final String scope;
  private final String connectionType;

  private EventFilter(Set<EventType> types, String connection, String scope, String connectionType) {
    this.types = types;
    this.connection = connection;
    this.scope = scope;
    this.connectionType = connectionType;
  }

  /**
   * Events of the given types; none given means all types.
   *
   * @param types the event types to accept
   * @return a filter on those types
   */
  public static EventFilter of(EventType... types) {
    Require.notNull(types, "types");
    if (types.length == 0) {
      return ALL;
    }
    EnumSet<EventType> set = EnumSet.noneOf(EventType.class);
    for (int i = 0; i < types.length; i++) {
      set.add(Require.nonNullElement(types[i], "types", i));
    }
    return new EventFilter(set, null, null, null);
  }

  /**
   * All events.
   *
   * @return the filter that accepts every event
   */
  public static EventFilter all() {
    return ALL;
  }

  /**
   * The lifecycle events, those that say what a connection is and how it is set: REGISTERED,
   * UNREGISTERED, STATE_CHANGE, CONFIGURED and SHARED_STATE (see {@link EventType#isLifecycle()}).
   * Per-call events (SUCCESS, FAILURE, REJECTED) are left out, so that a subscription with this
   * filter adds nothing to the cost of a call. What the dashboard, the Spring event publisher and
   * the metrics binder subscribe to.
   *
   * @return the filter that accepts every lifecycle event
   */
  public static EventFilter lifecycle() {
    return LIFECYCLE;
  }

  private static Set<EventType> lifecycleTypes() {
    EnumSet<EventType> set = EnumSet.noneOf(EventType.class);
    for (EventType t : EventType.values()) {
      if (t.isLifecycle()) {
        set.add(t);
      }
    }
    return set;
  }

  /**
   * A copy that also requires this connection id.
   *
   * @param connection the connection id to require
   * @return the new filter
   */
  public EventFilter connection(String connection) {
    return new EventFilter(types, Require.notNull(connection, "connection"), scope, connectionType);
  }

  /**
   * A copy that also requires this scope.
   *
   * @param scope the scope to require
   * @return the new filter
   */
  public EventFilter scope(String scope) {
    return new EventFilter(types, connection, Require.notNull(scope, "scope"), connectionType);
  }

  /**
   * A copy that also requires this connection type.
   *
   * @param connectionType the connection type to require
   * @return the new filter
   */
  public EventFilter connectionType(String connectionType) {
    return new EventFilter(types, connection, scope,
        Require.notNull(connectionType, "connectionType"));
  }

  /**
   * The event types accepted (unmodifiable).
   *
   * @return the accepted types
   */
  public Set<EventType> types() {
    return Set.copyOf(types);
  }

  /**
   * Whether {@code type} is among the accepted types.
   *
   * @param type the event type to test
   * @return whether events of that type are accepted
   */
  public boolean accepts(EventType type) {
    return types.contains(Require.notNull(type, "type"));
  }

  /**
   * Whether the event passes every criterion.
   *
   * @param event the event to test
   * @return whether it is accepted
   */
  public boolean test(BramaEvent event) {
    Require.notNull(event, "event");
    return types.contains(event.type())
        && (connection == null || connection.equals(event.connection()))
        && (scope == null || scope.equals(event.scope()))
        && (connectionType == null || connectionType.equals(event.connectionType()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventFilter f && types.equals(f.types)
        && Objects.equals(connection, f.connection) && Objects.equals(scope, f.scope)
        && Objects.equals(connectionType, f.connectionType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(types, connection, scope, connectionType);
  }

  @Override
  public String toString() {
    return "EventFilter[types=" + types + (connection == null ? "" : ", connection=" + connection)
        + (scope == null ? "" : ", scope=" + scope)
        + (connectionType == null ? "" : ", connectionType=" + connectionType) + "]";
  }
}
