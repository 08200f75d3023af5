package io.brama.redis;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * N Brama instances, each attached to the test's Redis through its own Lettuce client, whose
 * connections carry the instance's name ({@code CLIENT LIST} shows which is whose).
 */
final class Fleets implements AutoCloseable {
  final List<Brama> instances = new ArrayList<>();
  final List<RedisSharing> sharing = new ArrayList<>();
  final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);

  Fleets(RedisServer redis, int n, BramaConfig config, Duration leaseTimeout) {
    this(redis.uri(), n, config, leaseTimeout);
  }

  /** N instances attached through {@code uri} (a proxy in front of the test's Redis, say). */
  Fleets(String uri, int n, BramaConfig config, Duration leaseTimeout) {
    this(uri, java.util.Collections.nCopies(n, config), leaseTimeout, Duration.ofSeconds(1));
  }

  /** One instance per config, attached through {@code uri} with {@code commandTimeout}. */
  Fleets(String uri, List<BramaConfig> configs, Duration leaseTimeout, Duration commandTimeout) {
    for (int i = 0; i < configs.size(); i++) {
      Brama brama = Brama.builder().config(configs.get(i)).build();
      instances.add(brama);
      sharing.add(RedisSharing.attach(brama, RedisSharingConfig.builder(uri + (uri.contains("?") ? "&" : "?") + "clientName=instance-" + i)
          .namespace(namespace).instanceId("instance-" + i).leaseTimeout(leaseTimeout)
          .commandTimeout(commandTimeout).recoveryInterval(Duration.ofMillis(100))
          .build()));
    }
  }

  Brama get(int i) {
    return instances.get(i);
  }

  /** Registers {@code id} everywhere and waits until every instance is connected. */
  Fleets register(String id) {
    instances.forEach(b -> b.register(id));
    return this;
  }

  boolean allConnected() {
    return sharing.stream().allMatch(RedisSharing::isConnected);
  }

  boolean all(String id, CircuitState state) {
    return instances.stream().allMatch(b -> b.status(id).state() == state);
  }

  @Override
  public void close() {
    sharing.forEach(RedisSharing::close);
    instances.forEach(Brama::close);
  }
}
