package io.brama.internal;

import io.brama.HealthCheck;
import io.brama.HealthMonitor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health monitors of one Brama: at most one per connection, their probes on the executor that
 * {@link Threads#probes()} makes when the first one starts.
 */
final class Monitors {
  private final Engine engine;
  private final ConcurrentHashMap<ConnectionCore, ProbeLoop> loops = new ConcurrentHashMap<>();

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
      throw engine.lifecycle().unusable(core.id());
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

  /** Stops every monitor and their threads (the Brama is closing). */
  void close() {
    for (ProbeLoop loop : loops.values()) {
      loop.stop();
    }
    engine.threads().shutdownProbes();
  }
}
