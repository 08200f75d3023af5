package io.brama.internal;

import io.brama.ErrorHandler;
import io.brama.Outcome;

/** {@link ErrorHandler#defaults()}: exception = failure(exception), return = success. */
public final class DefaultErrorHandler implements ErrorHandler {
  /** The one instance; the decorators recognise it and skip classification. */
  public static final DefaultErrorHandler INSTANCE = new DefaultErrorHandler();

  private DefaultErrorHandler() {}

  @Override
  public Outcome classify(Object result, Throwable error) {
    return error == null ? Outcome.success() : Outcome.failure(error);
  }

  @Override
  public String toString() {
    return "ErrorHandler.defaults()";
  }
}
