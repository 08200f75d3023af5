package io.brama.spring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection under {@code brama.connections}: registered at start-up with its type, scope and
 * metadata, its circuit settings overriding the defaults.
 */
public class ConnectionProperties extends CircuitProperties {
  /** The connection type, e.g. http. */
  private String type;

  /** The scope, e.g. payment_services. */
  private String scope;

  /** Free-form metadata shown in statuses and on the dashboard. */
  private Map<String, String> metadata = new LinkedHashMap<>();

  /** Unset properties: no type, scope or metadata; every circuit setting inherits. */
  public ConnectionProperties() {}

  /**
   * The connection type, e.g. http.
   *
   * @return the connection type, or null
   */
  public String getType() {
    return type;
  }

  /**
   * Sets it: the connection type, e.g. http.
   *
   * @param type the connection type, or null
   */
  public void setType(String type) {
    this.type = type;
  }

  /**
   * The scope, e.g. payment_services.
   *
   * @return the scope, or null
   */
  public String getScope() {
    return scope;
  }

  /**
   * Sets it: the scope, e.g. payment_services.
   *
   * @param scope the scope, or null
   */
  public void setScope(String scope) {
    this.scope = scope;
  }

  /**
   * Free-form metadata shown in statuses and on the dashboard.
   *
   * @return the metadata
   */
  public Map<String, String> getMetadata() {
    return metadata;
  }

  /**
   * Sets it: free-form metadata shown in statuses and on the dashboard.
   *
   * @param metadata the metadata
   */
  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}
