package io.brama.spring;

import io.brama.dashboard.MountedDashboard;

/**
 * Where the dashboard is mounted on the application's server, and the one dashboard answering
 * there. Shared by the Spring MVC and WebFlux adapters, which differ only in how they carry bytes.
 */
final class DashboardMount {
  private final String path;
  private final MountedDashboard dashboard;

  DashboardMount(String path, MountedDashboard dashboard) {
    this.path = path;
    this.dashboard = dashboard;
  }

  /** The mount path, such as {@code /brama}. */
  String path() {
    return path;
  }

  MountedDashboard dashboard() {
    return dashboard;
  }

  /**
   * The part of {@code rawPath} (application-relative, still encoded) under the mount point: {@code
   * /...}, or the empty string for the mount point itself, or null when it is not under it.
   */
  String relative(String rawPath) {
    if (rawPath.equals(path)) {
      return "";
    }
    return rawPath.startsWith(path) && rawPath.charAt(path.length()) == '/'
        ? rawPath.substring(path.length()) : null;
  }

  /**
   * Where to send a request for the mount point itself: the page's relative links need the trailing
   * slash. A relative reference, so it holds behind any proxy or context path.
   */
  String redirect(String rawQuery) {
    String last = path.substring(path.lastIndexOf('/') + 1) + "/";
    return rawQuery == null ? last : last + "?" + rawQuery;
  }
}
