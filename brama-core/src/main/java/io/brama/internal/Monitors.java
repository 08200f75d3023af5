package io.brama.internal;

import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The health monitors of one Brama: at most one per connection, their probes on a shared executor
 * (virtual threads where the JDK has them, else a cached pool of daemon threads), started lazily.
 */
final class Monitors {
  private final Engine engine;
  private final ConcurrentHashMap<ConnectionCore, ProbeLoop> loops = new ConcurrentHashMap<>();
  private final AtomicReference<ExecutorService> executor = new AtomicReference<>();

  Monitors(Engine engine) {
    this.engine = engine;
  }

  HealthMonitor start(ConnectionCore core, HealthCheck check, Duration interval,
      Duration timeout) {
    ProbeLoop loop = new ProbeLoop(this, engine, core, check, Nanos.of(interval),
        Nanos.of(timeout));
    if (loops.putIfAbsent(core, loop) != null) {
      throw new IllegalStateException("connection '" + core.id()
          + "' already has a health monitor; stop it before starting another");
    }
    if (!core.monitored(true)) {
      loops.remove(core, loop);
      throw engine.gone(core.id());
    }
    try {
      loop.start();
    } catch (RuntimeException | Error e) {
      loop.stop();
      throw e;
    }
    return loop;
  }

  /** The connection opened: its monitor's next probe is due at {@code halfOpensAt}. */
  void opened(ConnectionCore core, long halfOpensAt) {
    ProbeLoop loop = loops.get(core);
    if (loop != null) {
      loop.scheduleAt(halfOpensAt);
    }
  }

  /** The connection was unregistered: its monitor stops. */
  void stop(ConnectionCore core) {
    ProbeLoop loop = loops.get(core);
    if (loop != null) {
      loop.stop();
    }
  }

  /** Called by a loop that stops. */
  void stopped(ProbeLoop loop, ConnectionCore core) {
    loops.remove(core, loop);
  }

  ExecutorService executor() {
    ExecutorService e = executor.get();
    if (e != null) {
      return e;
    }
    ExecutorService created = Threads.virtualOrDaemon("brama-probe");
    if (executor.compareAndSet(null, created)) {
      if (engine.isClosed()) {
        created.shutdownNow(); // close() may have looked before we set it
      }
      return created;
    }
    created.shutdownNow();
    return executor.get();
  }

  /** Stops every monitor and their threads (the Brama is closing). */
  void close() {
    for (ProbeLoop loop : loops.values()) {
      loop.stop();
    }
    ExecutorService e = executor.get();
    if (e != null) {
      e.shutdownNow();
    }
  }
}
