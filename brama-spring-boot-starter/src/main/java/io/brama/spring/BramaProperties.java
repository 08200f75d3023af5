package io.brama.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code brama.*} properties: circuit defaults, the connections to register at start-up, and
 * what the starter publishes. Connection ids that contain characters other than letters, digits
 * and {@code -} must be written in brackets, {@code "[payment_api]"}, or Spring's relaxed binding
 * strips them. Validated when bound: a bad value fails start-up naming its property.
 */
@ConfigurationProperties(prefix = "brama", ignoreUnknownFields = false)
public class BramaProperties extends CircuitProperties implements Validator {
  /** How often circuits whose open period ended turn HALF_OPEN without traffic (default 10s). */
  private Duration cleanupInterval;

  /**
   * The order of the {@code @CircuitBreaker} advice among other advice (default
   * {@code Ordered.LOWEST_PRECEDENCE - 3}: outside {@code @Transactional}).
   */
  private Integer aopOrder;

  /** Connections registered at start-up, by id: {@code "[payment_api]": {type: http}}. */
  private Map<String, ConnectionProperties> connections = new LinkedHashMap<>();

  private final Events events = new Events();

  private final Health health = new Health();

  private final Metrics metrics = new Metrics();

  private final Redis redis = new Redis();
  /** Guarding the HTTP clients built from Boot's builders. */
  private final HttpClientProperties http = new HttpClientProperties();
  /** Guarded calls as observations. */
  private final ObservationsProperties observations = new ObservationsProperties();

  /** Unset properties; Spring Boot binds {@code brama.*} onto them. */
  public BramaProperties() {}

  /**
   * How often circuits whose open period ended turn HALF_OPEN without traffic (default 10s).
   *
   * @return the sweeper's interval, or null for the default
   */
  public Duration getCleanupInterval() {
    return cleanupInterval;
  }

  /**
   * Sets it: how often circuits whose open period ended turn HALF_OPEN without traffic (default
   * 10s).
   *
   * @param cleanupInterval the sweeper's interval, or null for the default
   */
  public void setCleanupInterval(Duration cleanupInterval) {
    this.cleanupInterval = cleanupInterval;
  }

  /**
   * The advice's order, or null for the default.
   *
   * @return the advice's order, or null for the default
   */
  public Integer getAopOrder() {
    return aopOrder;
  }

  /**
   * Sets the advice's order.
   *
   * @param aopOrder the advice's order, or null for the default
   */
  public void setAopOrder(Integer aopOrder) {
    this.aopOrder = aopOrder;
  }

  /**
   * Connections registered at start-up, by id: {@code "[payment_api]": {type: http}}.
   *
   * @return the connections by id
   */
  public Map<String, ConnectionProperties> getConnections() {
    return connections;
  }

  /**
   * Sets it: connections registered at start-up, by id: {@code "[payment_api]": {type: http}}.
   *
   * @param connections the connections by id
   */
  public void setConnections(Map<String, ConnectionProperties> connections) {
    this.connections = connections;
  }

  /**
   * Which Brama events become Spring application events ({@code brama.events.*}).
   *
   * @return the event settings
   */
  public Events getEvents() {
    return events;
  }

  /**
   * The health indicator's settings ({@code brama.health.*}).
   *
   * @return the health indicator settings
   */
  public Health getHealth() {
    return health;
  }

  /**
   * The Micrometer binding's settings ({@code brama.metrics.*}).
   *
   * @return the metrics settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * Guarded calls as Micrometer observations ({@code brama.observations.*}).
   *
   * @return the observation settings
   */
  public ObservationsProperties getObservations() {
    return observations;
  }

  /**
   * Guarding the application's HTTP clients ({@code brama.http.*}).
   *
   * @return the HTTP client settings
   */
  public HttpClientProperties getHttp() {
    return http;
  }

  /**
   * Sharing circuits with other instances through Redis ({@code brama.redis.*}).
   *
   * @return the Redis sharing settings
   */
  public Redis getRedis() {
    return redis;
  }

  @Override
  public boolean supports(Class<?> type) {
    return BramaProperties.class.isAssignableFrom(type);
  }

  /** Maps every value onto the core's builders, which say what is wrong; one error per problem. */
  @Override
  public void validate(Object target, Errors errors) {
    ConfigMapping.problems((BramaProperties) target)
        .forEach(problem -> errors.reject("brama.invalid", problem));
  }

  /** Which Brama events become Spring application events. */
  public static class Events {
    /**
     * Publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
     * SHARED_STATE) as application events (BramaEvent payloads).
     */
    private boolean publish = true;

    /** Also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default. */
    private boolean perCall = false;

    /** The defaults: publish, not per call. */
    public Events() {}

    /**
     * Publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
     * SHARED_STATE) as application events (BramaEvent payloads).
     *
     * @return whether to publish the lifecycle events
     */
    public boolean isPublish() {
      return publish;
    }

    /**
     * Sets it: publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
     * SHARED_STATE) as application events (BramaEvent payloads).
     *
     * @param publish whether to publish the lifecycle events
     */
    public void setPublish(boolean publish) {
      this.publish = publish;
    }

    /**
     * Also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default.
     *
     * @return whether to publish the per-call events too
     */
    public boolean isPerCall() {
      return perCall;
    }

    /**
     * Sets it: also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default.
     *
     * @param perCall whether to publish the per-call events too
     */
    public void setPerCall(boolean perCall) {
      this.perCall = perCall;
    }
  }

  /** The Actuator health indicator. */
  public static class Health {
    /**
     * Report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit means
     * the breaker is working, and a DOWN application would be restarted or taken out of the load
     * balancer for it.
     */
    private boolean downWhenOpen = false;

    /** The default: an OPEN circuit does not make the health DOWN. */
    public Health() {}

    /**
     * Report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit means the
     * breaker is working, and a DOWN application would be restarted or taken out of the load
     * balancer for it.
     *
     * @return whether an OPEN circuit makes the health DOWN
     */
    public boolean isDownWhenOpen() {
      return downWhenOpen;
    }

    /**
     * Sets it: report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit
     * means the breaker is working, and a DOWN application would be restarted or taken out of the
     * load balancer for it.
     *
     * @param downWhenOpen whether an OPEN circuit makes the health DOWN
     */
    public void setDownWhenOpen(boolean downWhenOpen) {
      this.downWhenOpen = downWhenOpen;
    }
  }

  /** The Micrometer binding. */
  public static class Metrics {
    /** Bind Brama's meters when Micrometer is present; switches the core call counters on. */
    private boolean enabled = true;

    /** The default: enabled. */
    public Metrics() {}

    /**
     * Bind Brama's meters when Micrometer is present; switches the core call counters on.
     *
     * @return whether to bind the meters
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets it: bind Brama's meters when Micrometer is present; switches the core call counters on.
     *
     * @param enabled whether to bind the meters
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Sharing circuits through Redis with every instance of the same namespace (needs
   * {@code brama-redis} on the class path); off unless {@code uri} is set. Unset values take
   * {@code RedisSharingConfig}'s defaults.
   */
  public static class Redis {
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
    public Redis() {}

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
}
