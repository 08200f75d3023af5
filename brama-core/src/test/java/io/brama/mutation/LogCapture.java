package io.brama.mutation;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Captures what Brama logs on "io.brama" (System.Logger, backed by java.util.logging), formatted as
 * java.util.logging.SimpleFormatter does ("SEVERE: message" plus the stack trace). Module io.brama,
 * in which the tests are compiled, does not read java.logging, so this goes through reflection; the
 * tests run on the class path, where java.logging is readable.
 */
final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Object logger;
  private final Object handler;
  private final Method removeHandler;
  private final Method flush;

  LogCapture() {
    try {
      Class<?> loggerType = Class.forName("java.util.logging.Logger");
      Class<?> handlerType = Class.forName("java.util.logging.Handler");
      Class<?> formatterType = Class.forName("java.util.logging.Formatter");
      Object formatter = Class.forName("java.util.logging.SimpleFormatter")
          .getConstructor().newInstance();
      logger = loggerType.getMethod("getLogger", String.class).invoke(null, "io.brama");
      handler = Class.forName("java.util.logging.StreamHandler")
          .getConstructor(OutputStream.class, formatterType).newInstance(out, formatter);
      removeHandler = loggerType.getMethod("removeHandler", handlerType);
      flush = handlerType.getMethod("flush");
      loggerType.getMethod("addHandler", handlerType).invoke(logger, handler);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("java.util.logging is not available", e);
    }
  }

  /** Everything logged so far. */
  String text() {
    try {
      flush.invoke(handler);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      removeHandler.invoke(logger, handler);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
