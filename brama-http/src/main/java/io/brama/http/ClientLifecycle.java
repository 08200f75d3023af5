package io.brama.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The five lifecycle methods {@link HttpClient} gained in JDK 21, called on the wrapped client
 * through method handles: this module compiles for Java 17, where they do not exist. On a JDK
 * without them no caller can reach them through {@code HttpClient}, so each answers
 * {@link UnsupportedOperationException}.
 */
final class ClientLifecycle {
  private static final MethodHandle SHUTDOWN = find("shutdown", MethodType.methodType(void.class));
  private static final MethodHandle SHUTDOWN_NOW =
      find("shutdownNow", MethodType.methodType(void.class));
  private static final MethodHandle AWAIT_TERMINATION =
      find("awaitTermination", MethodType.methodType(boolean.class, Duration.class));
  private static final MethodHandle IS_TERMINATED =
      find("isTerminated", MethodType.methodType(boolean.class));
  private static final MethodHandle CLOSE = find("close", MethodType.methodType(void.class));

  private ClientLifecycle() {}

  static void shutdown(HttpClient client) {
    invokeVoid(SHUTDOWN, client, "shutdown");
  }

  static void shutdownNow(HttpClient client) {
    invokeVoid(SHUTDOWN_NOW, client, "shutdownNow");
  }

  static boolean awaitTermination(HttpClient client, Duration duration)
      throws InterruptedException {
    try {
      return (boolean) require(AWAIT_TERMINATION, "awaitTermination").invokeExact(client, duration);
    } catch (InterruptedException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean isTerminated(HttpClient client) {
    try {
      return (boolean) require(IS_TERMINATED, "isTerminated").invokeExact(client);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  static void close(HttpClient client) {
    invokeVoid(CLOSE, client, "close");
  }

  private static void invokeVoid(MethodHandle handle, HttpClient client, String name) {
    try {
      require(handle, name).invokeExact(client);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // none of the five declares a checked exception but awaitTermination
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle require(MethodHandle handle, String name) {
    if (handle == null) {
      throw new UnsupportedOperationException(
          "HttpClient." + name + " needs JDK 21 or later, this is " + Runtime.version());
    }
    return handle;
  }

  private static MethodHandle find(String name, MethodType type) {
    try {
      return MethodHandles.publicLookup().findVirtual(HttpClient.class, name, type);
    } catch (NoSuchMethodException e) {
      return null; // before JDK 21
    } catch (IllegalAccessException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
