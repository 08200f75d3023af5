package io.brama.spring;

import java.time.Duration;

/**
 * Sharing circuits through Redis with every instance of the same namespace (needs
 * {@code brama-redis} on the class path); off unless {@code uri} is set. Unset values take
 * {@code RedisSharingConfig}'s defaults.
 */
public class RedisProperties {
  /** The Redis URI, e.g. redis://redis:6379 or redis-sentinel://host:26379#mymaster. */
  private String uri;

  /** Instances share state within one namespace (default brama). */
  private String namespace;

  /** This instance's name in Redis (default pid@host and a random suffix). */
  private String instanceId;

  /** A slower Redis command marks Redis unreachable (default 250ms). */
  private Duration commandTimeout;

  /** How long others wait for the prober's verdict after the open period (default 10s). */
  private Duration leaseTimeout;

  /** How long keys live after their last write (default 24h). */
  private Duration keyTtl;

  /** Instances that must open on their own before the fleet opens; 0 counts failures fleet-wide. */
  private Integer quorum;

  /** Whether the URI is a node of a Redis Cluster (default false). */
  private boolean cluster;

  /** Unset properties: sharing is off. */
  public RedisProperties() {}

  /**
   * The Redis URI; sharing is off while it is null.
   *
   * @return the Redis URI, or null
   */
  public String getUri() {
    return uri;
  }

  /**
   * Sets the Redis URI.
   *
   * @param uri the Redis URI, or null
   */
  public void setUri(String uri) {
    this.uri = uri;
  }

  /**
   * The namespace, or null for the default.
   *
   * @return the namespace, or null for the default
   */
  public String getNamespace() {
    return namespace;
  }

  /**
   * Sets the namespace.
   *
   * @param namespace the namespace, or null for the default
   */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /**
   * This instance's name, or null for the default.
   *
   * @return this instance's name, or null for the default
   */
  public String getInstanceId() {
    return instanceId;
  }

  /**
   * Sets this instance's name.
   *
   * @param instanceId this instance's name, or null for the default
   */
  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  /**
   * The command timeout, or null for the default.
   *
   * @return the command timeout, or null for the default
   */
  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  /**
   * Sets the command timeout.
   *
   * @param commandTimeout the command timeout, or null for the default
   */
  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  /**
   * The lease timeout, or null for the default.
   *
   * @return the lease timeout, or null for the default
   */
  public Duration getLeaseTimeout() {
    return leaseTimeout;
  }

  /**
   * Sets the lease timeout.
   *
   * @param leaseTimeout the lease timeout, or null for the default
   */
  public void setLeaseTimeout(Duration leaseTimeout) {
    this.leaseTimeout = leaseTimeout;
  }

  /**
   * The key lifetime, or null for the default.
   *
   * @return the key lifetime, or null for the default
   */
  public Duration getKeyTtl() {
    return keyTtl;
  }

  /**
   * Sets the key lifetime.
   *
   * @param keyTtl the key lifetime, or null for the default
   */
  public void setKeyTtl(Duration keyTtl) {
    this.keyTtl = keyTtl;
  }

  /**
   * The quorum, or null for the default (0).
   *
   * @return the quorum, or null for the default
   */
  public Integer getQuorum() {
    return quorum;
  }

  /**
   * Sets the quorum.
   *
   * @param quorum the quorum, or null for the default
   */
  public void setQuorum(Integer quorum) {
    this.quorum = quorum;
  }

  /**
   * Whether the URI is a Redis Cluster node.
   *
   * @return whether the URI is a Redis Cluster node
   */
  public boolean isCluster() {
    return cluster;
  }

  /**
   * Sets whether the URI is a Redis Cluster node.
   *
   * @param cluster whether the URI is a Redis Cluster node
   */
  public void setCluster(boolean cluster) {
    this.cluster = cluster;
  }
}
