package io.brama.httpclient5;

import io.brama.CircuitOpenException;
import java.io.IOException;
import java.util.Objects;

/**
 * What a guarded Apache HttpClient 5 throws (classic) or fails its future with (async) when the
 * circuit is open: nothing was sent, no connection was leased. An {@link IOException}, because that
 * is what the client's {@code execute} declares; its cause is the {@link CircuitOpenException} with
 * the connection id and the time until the gate may admit a call. Built without a stack trace, like
 * its cause, so a refusal stays cheap while the circuit is open.
 */
public final class CircuitOpenIOException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * The I/O form of {@code cause}.
   *
   * @param cause the gate's refusal
   */
  public CircuitOpenIOException(CircuitOpenException cause) {
    super(Objects.requireNonNull(cause, "cause must not be null").getMessage(), cause);
  }

  /**
   * The refusal: {@link CircuitOpenException#connection()} and
   * {@link CircuitOpenException#retryAfter()}.
   *
   * @return the {@link CircuitOpenException} this was made from
   */
  @Override
  public synchronized CircuitOpenException getCause() {
    return (CircuitOpenException) super.getCause();
  }

  /** No stack trace: the cause says which circuit refused and for how long. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
