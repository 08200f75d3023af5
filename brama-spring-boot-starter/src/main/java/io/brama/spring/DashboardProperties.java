package io.brama.spring;

import java.util.regex.Pattern;

/**
 * The dashboard on the application's own server ({@code brama.dashboard.*}, with {@code
 * brama-dashboard} on the class path): the page and its API under {@code path}, on Spring MVC or
 * WebFlux, behind the application's own security. Off unless {@code path} is set.
 */
public class DashboardProperties {
  /** Segments of unreserved characters: no wildcard, template, encoding, dot or empty segment. */
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");

  /**
   * Where the page is served, such as {@code /brama}: the page at {@code /brama/}, its API under
   * {@code /brama/api/}. Unset (the default): no dashboard.
   */
  private String path;

  /**
   * The token that enables opening and resetting circuits from the page ({@code Authorization:
   * Bearer <token>}); without it the page is read-only.
   */
  private String token;

  /** The most event streams (open pages) served at once (default 32). */
  private Integer maxEventStreams;

  /** The default: no dashboard. */
  public DashboardProperties() {}

  /**
   * Where the page is served, such as {@code /brama}; null for no dashboard.
   *
   * @return the mount path, or null
   */
  public String getPath() {
    return path;
  }

  /**
   * Sets where the page is served: starts with {@code /}, one or more segments, no trailing
   * {@code /}, no wildcards.
   *
   * @param path the mount path, or null for no dashboard
   */
  public void setPath(String path) {
    this.path = path;
  }

  /**
   * The token that enables opening and resetting circuits, or null for a read-only page.
   *
   * @return the token, or null
   */
  public String getToken() {
    return token;
  }

  /**
   * Sets the token that enables opening and resetting circuits from the page.
   *
   * @param token the token, or null for a read-only page
   */
  public void setToken(String token) {
    this.token = token;
  }

  /**
   * The most event streams served at once, or null for the default (32).
   *
   * @return the limit, or null
   */
  public Integer getMaxEventStreams() {
    return maxEventStreams;
  }

  /**
   * Sets the most event streams served at once.
   *
   * @param maxEventStreams the limit, or null for the default
   */
  public void setMaxEventStreams(Integer maxEventStreams) {
    this.maxEventStreams = maxEventStreams;
  }

  /** Why {@code path} cannot be a mount path, naming the property; null when it can. */
  static String pathProblem(String path) {
    if (path == null || PATH.matcher(path).matches()) {
      return null;
    }
    return "brama.dashboard.path must be a path such as /brama (segments of letters, digits and "
        + "-._~ after each '/', not starting with '.', no trailing '/'), was '" + path + "'";
  }
}
