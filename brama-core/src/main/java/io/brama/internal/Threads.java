package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The executors a Brama runs work on, and which threads they use: listeners on the given executor
 * or one of its own, health probes on one made when the first monitor starts. Those it made are
 * virtual threads where the JDK has them (21+, found by reflection: the baseline is 17), else
 * cached pools of daemon threads; it shuts down only those.
 */
final class Threads {
  private final Lifecycle lifecycle;
  private final Executor events;
  /** The event executor when this Brama made it (it then shuts it down), else null. */
  private final ExecutorService ownedEvents;
  private final AtomicReference<ExecutorService> probes = new AtomicReference<>();

  /** {@code events}: where listeners run, or null for an executor of its own. */
  Threads(Executor events, Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
    this.ownedEvents = events == null ? virtualOrDaemon("brama-events") : null;
    this.events = events == null ? ownedEvents : events;
  }

  /** Where listeners run. */
  Executor events() {
    return events;
  }

  /** Where health probes run: made on first use, refused once the Brama is closed. */
  ExecutorService probes() {
    ExecutorService e = probes.get();
    if (e != null) {
      return e;
    }
    ExecutorService created = virtualOrDaemon("brama-probe");
    if (probes.compareAndSet(null, created)) {
      if (lifecycle.isClosed()) {
        created.shutdownNow(); // shutdownProbes() may have looked before we set it
      }
      return created;
    }
    created.shutdownNow();
    return probes.get();
  }

  /** Interrupts the probes and refuses new ones (the monitors are stopping). */
  void shutdownProbes() {
    ExecutorService e = probes.get();
    if (e != null) {
      e.shutdownNow();
    }
  }

  /** Stops the event executor if this Brama made it (the bus is closed). */
  void shutdownEvents() {
    if (ownedEvents != null) {
      ownedEvents.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Virtual threads when the JDK has them (21+), else a cached pool of daemon threads. */
  private static ExecutorService virtualOrDaemon(String prefix) {
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
