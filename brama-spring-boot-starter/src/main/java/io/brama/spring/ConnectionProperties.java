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

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}
