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

  /** Connections registered at start-up, by id: {@code "[payment_api]": {type: http}}. */
  private Map<String, ConnectionProperties> connections = new LinkedHashMap<>();

  private final Events events = new Events();

  private final Health health = new Health();

  private final Metrics metrics = new Metrics();

  public Duration getCleanupInterval() {
    return cleanupInterval;
  }

  public void setCleanupInterval(Duration cleanupInterval) {
    this.cleanupInterval = cleanupInterval;
  }

  public Map<String, ConnectionProperties> getConnections() {
    return connections;
  }

  public void setConnections(Map<String, ConnectionProperties> connections) {
    this.connections = connections;
  }

  public Events getEvents() {
    return events;
  }

  public Health getHealth() {
    return health;
  }

  public Metrics getMetrics() {
    return metrics;
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
     * Publish STATE_CHANGE, REGISTERED, UNREGISTERED and CONFIGURED events as application events
     * (BramaEvent payloads).
     */
    private boolean publish = true;

    /** Also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default. */
    private boolean perCall = false;

    public boolean isPublish() {
      return publish;
    }

    public void setPublish(boolean publish) {
      this.publish = publish;
    }

    public boolean isPerCall() {
      return perCall;
    }

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

    public boolean isDownWhenOpen() {
      return downWhenOpen;
    }

    public void setDownWhenOpen(boolean downWhenOpen) {
      this.downWhenOpen = downWhenOpen;
    }
  }

  /** The Micrometer binding. */
  public static class Metrics {
    /** Bind Brama's meters when Micrometer is present; switches the core call counters on. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
