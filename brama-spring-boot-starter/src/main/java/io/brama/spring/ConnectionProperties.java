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

  /** The connection type, e.g. http. */
  public String getType() {
    return type;
  }

  /** Sets it: the connection type, e.g. http. */
  public void setType(String type) {
    this.type = type;
  }

  /** The scope, e.g. payment_services. */
  public String getScope() {
    return scope;
  }

  /** Sets it: the scope, e.g. payment_services. */
  public void setScope(String scope) {
    this.scope = scope;
  }

  /** Free-form metadata shown in statuses and on the dashboard. */
  public Map<String, String> getMetadata() {
    return metadata;
  }

  /** Sets it: free-form metadata shown in statuses and on the dashboard. */
  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}
