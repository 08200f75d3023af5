package io.brama.micrometer;

/** The names of Brama's meters and tags, in one place (Prometheus adds {@code _total} to counters). */
public final class MeterNames {
  private MeterNames() {}

  /** Gauge, one per connection and state: 1 for the current state, 0 for the others. */
  public static final String STATE = "brama.connection.state";
  /** Function counter per connection and outcome, read from the core's call counters. */
  public static final String CALLS = "brama.calls";
  /** Counter per connection and (from, to) pair of states. */
  public static final String TRANSITIONS = "brama.transitions";
  /** Gauge per connection: the current consecutive failure count (0 outside CLOSED). */
  public static final String FAILURES = "brama.connection.failures";

  /** Tag: the connection id. */
  public static final String CONNECTION = "connection";
  /** Tag: the connection type, or {@link #NONE}. */
  public static final String TYPE = "type";
  /** Tag: the connection scope, or {@link #NONE}. */
  public static final String SCOPE = "scope";
  /** Tag of {@link #STATE}: closed, open or half_open. */
  public static final String STATE_TAG = "state";
  /** Tag of {@link #CALLS}: success, failure, ignored, rejected or slow. */
  public static final String OUTCOME = "outcome";
  /** Tags of {@link #TRANSITIONS}: the states before and after. */
  public static final String FROM = "from";
  /** See {@link #FROM}. */
  public static final String TO = "to";
  /** The value of {@link #TYPE} or {@link #SCOPE} when the connection has none. */
  public static final String NONE = "none";
}
