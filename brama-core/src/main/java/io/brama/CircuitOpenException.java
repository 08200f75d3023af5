package io.brama;

import io.brama.internal.Require;
import java.time.Duration;

/**
 * Thrown by {@code call} when the gate refuses; the action was not run. Built without a stack trace
 * and with its message made only when asked, so rejecting is cheap.
 */
public class CircuitOpenException extends BramaException {
  private static final long serialVersionUID = 1L;

  /** The refused connection's id. */
  private final String connection;
  /** The time until the gate may admit a call. */
  private final Duration retryAfter;

  /**
   * A rejection of a call to {@code connection}; {@code retryAfter} is the time left.
   *
   * @param connection the connection's id
   * @param retryAfter the time until the gate may admit a call
   */
  public CircuitOpenException(String connection, Duration retryAfter) {
    super(null, false);
    this.connection = Require.notNull(connection, "connection");
    this.retryAfter = Require.notNull(retryAfter, "retryAfter");
  }

  /**
   * {@code circuit '<id>' is open; retry after <duration>}.
   *
   * @return the message, made when asked
   */
  @Override
  public String getMessage() {
    return "circuit '" + connection + "' is open; retry after " + retryAfter;
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
