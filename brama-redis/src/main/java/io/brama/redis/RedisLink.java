package io.brama.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The connections to Redis: one for scripts, one for the channel. Commands are asynchronous with a
 * timeout and rejected at once while disconnected, so nothing ever waits on Redis. The first failed
 * command marks Redis unreachable (logged once); a background thread then tries again every
 * {@code recoveryInterval} and reports when it is back.
 */
final class RedisLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());

  private final RedisSharingConfig config;
  private final ClientResources resources;
  /** A {@link RedisClient} (standalone, Sentinel) or a {@link RedisClusterClient}. */
  private final AbstractRedisClient client;
  private final Keys keys;
  /** The URI without its user and password: for the log. */
  private final String where;
  private final Consumer<String> onMessage;
  private final Runnable onUp;
  private final Runnable onSubscribed;
  private final Consumer<Throwable> onDown;
  private final Consumer<String> onRefused;
  /** The error code Redis refuses the scripts with (NOPERM, OOM, ...), or null while it runs them. */
  private final AtomicReference<String> refusal = new AtomicReference<>();
  private final ScheduledExecutorService recovery;
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile StatefulConnection<String, String> commands;
  private volatile RedisScriptingAsyncCommands<String, String> scripting;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;

  /**
   * {@code onSubscribed} runs whenever Redis confirms the channel's subscription, also after a
   * reconnection: messages published before that were not received. {@code onRefused} runs with
   * Redis's error when it starts refusing the scripts while answering (an ACL without
   * {@code EVAL}, {@code OOM} without eviction), and with null once it runs them again.
   */
  RedisLink(RedisSharingConfig config, Consumer<String> onMessage, Runnable onUp,
      Consumer<Throwable> onDown, Runnable onSubscribed, Consumer<String> onRefused) {
    this.config = config;
    this.keys = new Keys(config);
    this.where = config.uri().replaceFirst("//[^@/]*@", "//");
    this.onMessage = onMessage;
    this.onUp = onUp;
    this.onSubscribed = onSubscribed;
    this.onDown = onDown;
    this.onRefused = onRefused;
    // Reconnect at a steady pace (Lettuce's default backs off to 30 s): recovery stays prompt.
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.constant(config.recoveryInterval())).build();
    ClientOptions options = ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(SocketOptions.builder()
            .connectTimeout(config.commandTimeout().multipliedBy(4)).build())
        .build();
    if (config.cluster()) {
      // The cluster client opens node connections on demand: rejecting commands while one is not
      // connected yet would fail healthy requests. They wait instead, bounded by the timeout.
      RedisClusterClient c = RedisClusterClient.create(resources, RedisURI.create(config.uri()));
      c.setOptions(ClusterClientOptions.builder(options)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
    } else {
      RedisClient c = RedisClient.create(resources, RedisURI.create(config.uri()));
      c.setOptions(options);
      this.client = c;
    }
    this.recovery = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "brama-redis-recovery");
      t.setDaemon(true);
      return t;
    });
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        down(new IllegalStateException("connection lost"));
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (!closed.get()) {
          recovery.execute(RedisLink.this::recover); // messages may have been missed: reconcile
        }
      }
    });
  }

  /** Connects now if Redis answers; else starts unreachable and keeps trying. */
  void start() {
    recovery.execute(this::recover);
  }

  boolean isUp() {
    return up.get();
  }

  /** Runs a script for {@code id} with ARGV = channel, id, then {@code args}. */
  CompletionStage<SharedState> eval(String script, String id, Object... args) {
    RedisScriptingAsyncCommands<String, String> c = scripting;
    if (c == null || !up.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("redis unreachable"));
    }
    String[] argv = new String[args.length + 2];
    argv[0] = keys.channel();
    argv[1] = id;
    for (int i = 0; i < args.length; i++) {
      argv[i + 2] = String.valueOf(args[i]);
    }
    CompletionStage<List<Object>> reply = c.eval(script, ScriptOutputType.MULTI,
        new String[] {keys.state(id), keys.failures(id), keys.opened(id)}, argv);
    return reply.thenApply(SharedStateCodec::decodeReply).whenComplete((s, e) -> {
      if (e == null) {
        accepted();
        return;
      }
      Throwable cause = e instanceof java.util.concurrent.CompletionException
          && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisCommandExecutionException refused) {
        refused(refused);
      } else if (cause instanceof RedisException) {
        down(cause); // a timeout, a lost connection, or rejected while disconnected
      } else if (!(cause instanceof IllegalStateException)) {
        LOG.log(Level.WARNING, "a Redis script failed for '" + id + "': " + cause);
      }
    });
  }

  /**
   * Redis answers but refuses a script: logged and reported once per error code (every call would
   * otherwise log it), the circuits breaking locally meanwhile.
   */
  private void refused(RedisCommandExecutionException e) {
    String message = String.valueOf(e.getMessage());
    int space = message.indexOf(' ');
    String code = space < 0 ? message : message.substring(0, space);
    if (!code.equals(refusal.getAndSet(code)) && !closed.get()) {
      LOG.log(Level.WARNING, "Redis at " + where + " answers but refuses Brama's scripts ("
          + message + "): circuits break locally until it runs them again; further refusals "
          + "with " + code + " are not logged");
      onRefused.accept(message);
    }
  }

  private void accepted() {
    if (refusal.get() != null && refusal.getAndSet(null) != null && !closed.get()) {
      LOG.log(Level.INFO, "Redis at " + where + " runs Brama's scripts again");
      onRefused.accept(null);
    }
  }

  /**
   * Runs {@code script} on {@code keys} (one cluster slot) with {@code argv} as given: for the
   * roster, whose failures do not mark Redis unreachable (the scripts above judge that).
   */
  <T> CompletionStage<T> evalOn(String script, ScriptOutputType type, String[] keys,
      String... argv) {
    RedisScriptingAsyncCommands<String, String> c = scripting;
    if (c == null || !up.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("redis unreachable"));
    }
    return c.eval(script, type, keys, argv);
  }

  private void down(Throwable cause) {
    if (!closed.get() && up.compareAndSet(true, false)) {
      LOG.log(Level.WARNING, "Redis at " + where + " is unreachable: circuits break locally "
          + "until it answers again (" + cause + ")");
      onDown.accept(cause);
      schedule();
    }
  }

  private void schedule() {
    if (!closed.get()) {
      recovery.schedule(this::recover, config.recoveryInterval().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** On the recovery thread: connects if needed and pings; reports when Redis answers again. */
  private void recover() {
    if (closed.get()) {
      return;
    }
    try {
      if (commands == null) {
        if (client instanceof RedisClusterClient cluster) {
          StatefulRedisClusterConnection<String, String> c = cluster.connect();
          scripting = c.async();
          commands = c;
        } else {
          StatefulRedisConnection<String, String> c = ((RedisClient) client).connect();
          scripting = c.async();
          commands = c;
        }
      }
      if (pubsub == null) {
        StatefulRedisPubSubConnection<String, String> p = client instanceof RedisClusterClient c
            ? c.connectPubSub() : ((RedisClient) client).connectPubSub();
        p.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, String message) {
            onMessage.accept(message);
          }

          @Override
          public void subscribed(String ch, long count) {
            if (!closed.get()) {
              onSubscribed.run();
            }
          }
        });
        p.sync().subscribe(keys.channel());
        pubsub = p;
      }
      ((BaseRedisAsyncCommands<?, ?>) scripting).ping()
          .get(config.commandTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      if (commands == null) {
        LOG.log(Level.DEBUG, "Redis at " + where + " does not answer yet: " + e);
      }
      schedule();
      return;
    }
    if (up.compareAndSet(false, true)) {
      LOG.log(Level.INFO, "Redis at " + where + " answers: sharing circuits in namespace "
          + config.namespace() + " as " + config.instanceId());
      onUp.run();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    up.set(false);
    recovery.shutdownNow();
    if (pubsub != null) {
      pubsub.close();
    }
    if (commands != null) {
      commands.close();
    }
    client.shutdown();
    resources.shutdown();
  }
}
