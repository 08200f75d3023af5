package io.brama.spring;

import io.brama.Brama;
import io.brama.redis.RedisSharing;
import io.brama.redis.RedisSharingConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Shares the Brama's circuits with every instance of the same namespace through Redis when
 * {@code brama-redis} is on the class path and {@code brama.redis.uri} is set. The sharing is
 * closed before the Brama (it depends on it).
 */
@AutoConfiguration(after = BramaAutoConfiguration.class)
@ConditionalOnClass(name = "io.brama.redis.RedisSharing")
@ConditionalOnProperty(prefix = "brama.redis", name = "uri")
public class BramaRedisAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public BramaRedisAutoConfiguration() {}

  /**
   * Attaches the Brama to Redis; returns at once even when Redis does not answer yet.
   *
   * @param brama the Brama to attach
   * @param properties the bound properties, read for {@code brama.redis.*}
   * @return the attached sharing module
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(Brama.class)
  public RedisSharing bramaRedisSharing(Brama brama, BramaProperties properties) {
    RedisProperties r = properties.getRedis();
    RedisSharingConfig.Builder b;
    try {
      b = RedisSharingConfig.builder(r.getUri()).cluster(r.isCluster());
      if (r.getNamespace() != null) {
        b.namespace(r.getNamespace());
      }
      if (r.getInstanceId() != null) {
        b.instanceId(r.getInstanceId());
      }
      if (r.getCommandTimeout() != null) {
        b.commandTimeout(r.getCommandTimeout());
      }
      if (r.getLeaseTimeout() != null) {
        b.leaseTimeout(r.getLeaseTimeout());
      }
      if (r.getKeyTtl() != null) {
        b.keyTtl(r.getKeyTtl());
      }
      if (r.getQuorum() != null) {
        b.quorum(r.getQuorum());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("brama.redis: " + e.getMessage(), e);
    }
    return RedisSharing.attach(brama, b.build());
  }
}
