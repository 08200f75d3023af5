package io.brama.redis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a Brama shares its circuits through Redis. Immutable; built by {@link #builder(String)}.
 *
 * <pre>{@code
 * RedisSharingConfig config = RedisSharingConfig.builder("redis://localhost:6379")
 *     .namespace("checkout").build();
 * }</pre>
 */
public final class RedisSharingConfig {
  private final String uri;
  private final String namespace;
  private final String instanceId;
  private final Duration commandTimeout;
  private final Duration leaseTimeout;
  private final Duration keyTtl;
  private final Duration recoveryInterval;
  private final int quorum;
  private final Duration quorumWindow;
  private final boolean cluster;

  private RedisSharingConfig(Builder b) {
    this.uri = b.uri;
    this.namespace = b.namespace;
    this.instanceId = b.instanceId != null ? b.instanceId : defaultInstanceId();
    this.commandTimeout = b.commandTimeout;
    this.leaseTimeout = b.leaseTimeout;
    this.keyTtl = b.keyTtl;
    this.recoveryInterval = b.recoveryInterval;
    this.quorum = b.quorum;
    this.quorumWindow = b.quorumWindow;
    this.cluster = b.cluster;
  }

  /**
   * A builder for the Redis at {@code uri}: a Lettuce URI such as {@code redis://host:6379},
   * {@code rediss://...} (TLS) or {@code redis-sentinel://host:26379#mymaster}.
   *
   * @param uri the Redis URI
   * @return a new builder
   */
  public static Builder builder(String uri) {
    return new Builder(Check.notBlank(uri, "uri"));
  }

  /**
   * The Redis URI.
   *
   * @return the Redis URI
   */
  public String uri() {
    return uri;
  }

  /**
   * The prefix of every key and of the channel: instances share state within one namespace.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * This instance's name in Redis (who opened, who holds the probe lease).
   *
   * @return the instance id
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * How long one Redis command may take before Redis counts as unreachable.
   *
   * @return the command timeout
   */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /**
   * How long, after the shared open period ends, the other instances wait for the probing
   * instance's verdict before each turns HALF_OPEN itself.
   *
   * @return the lease timeout
   */
  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  /**
   * How long keys live after their last write: a departed service leaves nothing behind.
   *
   * @return the key lifetime
   */
  public Duration keyTtl() {
    return keyTtl;
  }

  /**
   * How often an unreachable Redis is tried again.
   *
   * @return the retry interval
   */
  public Duration recoveryInterval() {
    return recoveryInterval;
  }

  /**
   * 0 (the default): failures are counted fleet-wide. From 1: quorum mode, where each instance
   * counts its own failures and the fleet opens only once {@code quorum} instances opened on their
   * own within {@link #quorumWindow()}, so that one bad instance cannot open the others.
   *
   * @return the quorum; 0 when failures are counted fleet-wide
   */
  public int quorum() {
    return quorum;
  }

  /**
   * Quorum mode: how long an instance's own open counts towards the quorum.
   *
   * @return the quorum window
   */
  public Duration quorumWindow() {
    return quorumWindow;
  }

  /**
   * Whether {@link #uri()} is a seed node of a Redis Cluster (Lettuce's cluster client is used).
   *
   * @return whether the URI is a Redis Cluster node
   */
  public boolean cluster() {
    return cluster;
  }

  @Override
  public String toString() {
    return "RedisSharingConfig[uri=" + uri + ", namespace=" + namespace + ", instanceId="
        + instanceId + ", commandTimeout=" + commandTimeout + ", leaseTimeout=" + leaseTimeout
        + ", keyTtl=" + keyTtl + ", recoveryInterval=" + recoveryInterval + ", quorum=" + quorum
        + ", quorumWindow=" + quorumWindow + ", cluster=" + cluster + "]";
  }

  private static String defaultInstanceId() {
    String jvm = ManagementFactory.getRuntimeMXBean().getName().replaceAll("\\s", "_");
    return jvm + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Builds a {@link RedisSharingConfig}; defaults are stated once, here. */
  public static final class Builder {
    private final String uri;
    private String namespace = "brama";
    private String instanceId;
    private Duration commandTimeout = Duration.ofMillis(250);
    private Duration leaseTimeout = Duration.ofSeconds(10);
    private Duration keyTtl = Duration.ofHours(24);
    private Duration recoveryInterval = Duration.ofMillis(500);
    private int quorum;
    private Duration quorumWindow = Duration.ofMinutes(1);
    private boolean cluster;

    private Builder(String uri) {
      this.uri = uri;
    }

    /**
     * Default {@code brama}; letters, digits, {@code -}, {@code _}, {@code .} and {@code :}.
     *
     * @param namespace the namespace
     * @return this builder
     */
    public Builder namespace(String namespace) {
      Check.notNull(namespace, "namespace");
      if (!namespace.matches("[A-Za-z0-9_.:-]+")) {
        throw new IllegalArgumentException("namespace must be letters, digits, '-', '_', '.' or "
            + "':', was '" + namespace + "'");
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * Default: the JVM's {@code pid@host} and a random suffix; no whitespace.
     *
     * @param instanceId this instance's name
     * @return this builder
     */
    public Builder instanceId(String instanceId) {
      Check.notBlank(instanceId, "instanceId");
      if (!instanceId.matches("\\S+")) {
        throw new IllegalArgumentException("instanceId must not contain whitespace, was '"
            + instanceId + "'");
      }
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Default 250 ms; greater than zero.
     *
     * @param commandTimeout the command timeout
     * @return this builder
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = Check.positive(commandTimeout, "commandTimeout");
      return this;
    }

    /**
     * Default 10 s; greater than zero.
     *
     * @param leaseTimeout the lease timeout
     * @return this builder
     */
    public Builder leaseTimeout(Duration leaseTimeout) {
      this.leaseTimeout = Check.positive(leaseTimeout, "leaseTimeout");
      return this;
    }

    /**
     * Default 24 h; at least 1 minute.
     *
     * @param keyTtl the key lifetime
     * @return this builder
     */
    public Builder keyTtl(Duration keyTtl) {
      Check.notNull(keyTtl, "keyTtl");
      if (keyTtl.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("keyTtl must be >= PT1M, was " + keyTtl);
      }
      this.keyTtl = keyTtl;
      return this;
    }

    /**
     * Default 500 ms; greater than zero.
     *
     * @param recoveryInterval the retry interval
     * @return this builder
     */
    public Builder recoveryInterval(Duration recoveryInterval) {
      this.recoveryInterval = Check.positive(recoveryInterval, "recoveryInterval");
      return this;
    }

    /**
     * Default 0 (off): the instances that must open on their own before the fleet opens.
     *
     * @param quorum the quorum; 0 counts failures fleet-wide
     * @return this builder
     */
    public Builder quorum(int quorum) {
      if (quorum < 0) {
        throw new IllegalArgumentException("quorum must be >= 0, was " + quorum);
      }
      this.quorum = quorum;
      return this;
    }

    /**
     * Default 1 min; greater than zero.
     *
     * @param quorumWindow the quorum window
     * @return this builder
     */
    public Builder quorumWindow(Duration quorumWindow) {
      this.quorumWindow = Check.positive(quorumWindow, "quorumWindow");
      return this;
    }

    /**
     * Default false. True: the URI names one node of a Redis Cluster; the topology is discovered
     * from it, each connection's keys live in one slot (hash tags) and messages reach every node.
     *
     * @param cluster whether the URI is a Redis Cluster node
     * @return this builder
     */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * The immutable configuration.
     *
     * @return the configuration
     */
    public RedisSharingConfig build() {
      return new RedisSharingConfig(this);
    }
  }

  /** The one validation helper: every message has the core's shape. */
  static final class Check {
    private Check() {}

    static <T> T notNull(T value, String name) {
      return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    static String notBlank(String value, String name) {
      notNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, was '" + value + "'");
      }
      return value;
    }

    static Duration positive(Duration value, String name) {
      notNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be > 0, was " + value);
      }
      return value;
    }
  }
}
