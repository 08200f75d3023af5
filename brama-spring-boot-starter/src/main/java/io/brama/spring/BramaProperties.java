package io.brama.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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

  /** Which Brama events become Spring application events. */
  @NestedConfigurationProperty
  private final EventsProperties events = new EventsProperties();

  /** The Actuator health indicator. */
  @NestedConfigurationProperty
  private final HealthProperties health = new HealthProperties();

  /** The Micrometer binding. */
  @NestedConfigurationProperty
  private final MetricsProperties metrics = new MetricsProperties();

  /** Sharing circuits through Redis. */
  @NestedConfigurationProperty
  private final RedisProperties redis = new RedisProperties();

  /** Guarding the HTTP clients built from Boot's builders. */
  @NestedConfigurationProperty
  private final HttpClientProperties http = new HttpClientProperties();

  /** Guarded calls as observations. */
  @NestedConfigurationProperty
  private final ObservationsProperties observations = new ObservationsProperties();

  /** The dashboard on the application's own server. */
  @NestedConfigurationProperty
  private final DashboardProperties dashboard = new DashboardProperties();

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
  public EventsProperties getEvents() {
    return events;
  }

  /**
   * The health indicator's settings ({@code brama.health.*}).
   *
   * @return the health indicator settings
   */
  public HealthProperties getHealth() {
    return health;
  }

  /**
   * The Micrometer binding's settings ({@code brama.metrics.*}).
   *
   * @return the metrics settings
   */
  public MetricsProperties getMetrics() {
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
   * The dashboard on the application's own server ({@code brama.dashboard.*}).
   *
   * @return the dashboard settings
   */
  public DashboardProperties getDashboard() {
    return dashboard;
  }

  /**
   * Sharing circuits with other instances through Redis ({@code brama.redis.*}).
   *
   * @return the Redis sharing settings
   */
  public RedisProperties getRedis() {
    return redis;
  }

  @Override
  public boolean supports(Class<?> type) {
    return BramaProperties.class.isAssignableFrom(type);
  }

  /** Maps every value onto the core's builders, which say what is wrong; one error per problem. */
  @Override
  public void validate(Object target, Errors errors) {
    BramaProperties properties = (BramaProperties) target;
    ConfigMapping.problems(properties)
        .forEach(problem -> errors.reject("brama.invalid", problem));
    String path = DashboardProperties.pathProblem(properties.getDashboard().getPath());
    if (path != null) {
      errors.reject("brama.invalid", path);
    }
  }
}
