package io.brama;

import io.brama.internal.DefaultErrorHandler;

/**
 * Decides what a call's result or exception means for the connection. A handler that throws is
 * logged and recorded as a failure; the caller still sees the action's own result or exception.
 */
@FunctionalInterface
public interface ErrorHandler {
  /**
   * Classifies one completed call.
   *
   * @param result the returned value (null when the call threw)
   * @param error the exception thrown, or null on normal return
   * @return the outcome to record
   */
  Outcome classify(Object result, Throwable error);

  /**
   * An exception is a failure with the exception as reason; a normal return is a success.
   *
   * @return the default handler
   */
  static ErrorHandler defaults() {
    return DefaultErrorHandler.INSTANCE;
  }
}
