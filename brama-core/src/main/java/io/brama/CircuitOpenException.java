package io.brama;

import io.brama.internal.Require;
import java.time.Duration;

/**
 * Thrown by {@code call} when the gate refuses; the action was not run. Built without a stack trace,
 * so rejecting is cheap.
 */
public class CircuitOpenException extends BramaException {
  private static final long serialVersionUID = 1L;

  /** The refused connection's id. */
  private final String connection;
  private final transient Duration retryAfter;

  /**
   * A rejection of a call to {@code connection}; {@code retryAfter} is the time left.
   *
   * @param connection the connection's id
   * @param retryAfter the time until the gate may admit a call
   */
  public CircuitOpenException(String connection, Duration retryAfter) {
    super("circuit '" + Require.notNull(connection, "connection") + "' is open; retry after "
        + Require.notNull(retryAfter, "retryAfter"), false);
    this.connection = connection;
    this.retryAfter = retryAfter;
  }

  /**
   * The connection id.
   *
   * @return the connection's id
   */
  public String connection() {
    return connection;
  }

  /**
   * The time until the gate may admit a call.
   *
   * @return the time left
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
