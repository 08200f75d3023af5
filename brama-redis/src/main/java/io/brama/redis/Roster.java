package io.brama.redis;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.spi.SharedCircuits;
import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Announces this instance in its namespace's roster: every {@link #EVERY} it rewrites its own key
 * (its local state of each connection) with a TTL of {@link #TTL}, so an instance that dies leaves
 * the roster within that time; {@link #close()} leaves it at once. One daemon thread, {@code
 * brama-redis-roster}; a failed announcement is logged at DEBUG and the next one runs.
 */
final class Roster implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(2);
  static final Duration TTL = Duration.ofSeconds(10);
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());

  private final RedisSharingConfig config;
  private final Keys keys;
  private final RedisLink link;
  private final SharedCircuits circuits;
  private final ScheduledThreadPoolExecutor executor;

  Roster(RedisSharingConfig config, RedisLink link, SharedCircuits circuits) {
    this.config = config;
    this.keys = new Keys(config);
    this.link = link;
    this.circuits = circuits;
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "brama-redis-roster");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    executor.scheduleWithFixedDelay(this::announce, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Announces this instance now (also from the schedule); nothing while Redis is unreachable. */
  void announce() {
    try {
      Map<String, CircuitState> states = new LinkedHashMap<>();
      for (String id : circuits.ids()) {
        ConnectionStatus s = circuits.status(id);
        if (s != null) {
          states.put(id, s.state());
        }
      }
      List<String> argv = new ArrayList<>();
      argv.add(config.instanceId());
      argv.add(String.valueOf(TTL.toMillis()));
      argv.addAll(SharedStateCodec.announcement(states));
      link.evalOn(RosterScripts.ANNOUNCE, ScriptOutputType.INTEGER, keys(), argv.toArray(String[]::new))
          .whenComplete((now, e) -> {
            if (e != null) {
              LOG.log(Level.DEBUG, "could not announce " + config.instanceId() + ": " + e);
            }
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "announcing " + config.instanceId() + " failed; it goes on", e);
    }
  }

  /** Stops announcing and leaves the roster, waiting for Redis at most the command timeout. */
  @Override
  public void close() {
    if (executor.isShutdown()) {
      return;
    }
    executor.shutdownNow();
    try {
      link.evalOn(RosterScripts.LEAVE, ScriptOutputType.INTEGER, keys(), config.instanceId())
          .toCompletableFuture().get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // unreachable: the key expires within the TTL instead
      LOG.log(Level.DEBUG, "could not leave the roster: " + e);
    }
  }

  private String[] keys() {
    return new String[] {keys.roster(), keys.instance(config.instanceId())};
  }
}
