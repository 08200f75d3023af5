package io.brama.okhttp;

import io.brama.CircuitOpenException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a call refused by {@link BramaInterceptor} fails with: {@code execute()} throws it and
 * {@code enqueue} hands it to {@code Callback.onFailure}; nothing was sent. It is an
 * {@link IOException} because OkHttp lets only those through its calls (a runtime exception
 * thrown in an asynchronous call kills the dispatcher's thread); the {@link CircuitOpenException}
 * that says which circuit and for how long is its cause.
 */
public final class CircuitOpenIOException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A rejection caused by {@code cause}.
   *
   * @param cause the circuit's rejection
   */
  public CircuitOpenIOException(CircuitOpenException cause) {
    super(Objects.requireNonNull(cause, "cause must not be null").getMessage(), cause);
  }

  /**
   * No stack trace: a rejection is an expected outcome, thrown often, and its cause says all.
   *
   * @return this exception
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /**
   * The circuit's rejection.
   *
   * @return the {@link CircuitOpenException}, never null
   */
  @Override
  public synchronized CircuitOpenException getCause() {
    return (CircuitOpenException) super.getCause();
  }

  /**
   * The connection whose circuit refused the call.
   *
   * @return the connection id
   */
  public String connection() {
    return getCause().connection();
  }

  /**
   * How long until the circuit may admit a call, when it refused this one.
   *
   * @return the time left, as {@link CircuitOpenException#retryAfter()}
   */
  public Duration retryAfter() {
    return getCause().retryAfter();
  }
}
