package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads Brama makes for itself: virtual ones where the JDK has them. */
final class Threads {
  private Threads() {}

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Virtual threads when the JDK has them (21+), else a cached pool of daemon threads. */
  static ExecutorService virtualOrDaemon(String prefix) {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return Executors.newCachedThreadPool(daemonThreads(prefix));
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create the " + prefix + " executor", e);
    }
  }
}
