package io.brama.dashboard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * On a loopback binding, accepts only requests whose {@code Host} names a loopback address, so a web
 * page on another site cannot reach the dashboard through DNS rebinding. With {@code allowRemote}
 * every host is accepted: the names a remote dashboard is reached by are not known.
 */
final class HostCheck {
  private final boolean any;
  private final Set<String> allowed;

  private HostCheck(boolean any, Set<String> allowed) {
    this.any = any;
    this.allowed = allowed;
  }

  /**
   * Accepts every host: for a dashboard mounted on the application's server, which already decides
   * which hosts it answers to.
   */
  static HostCheck anyHost() {
    return new HostCheck(true, Set.of());
  }

  HostCheck(DashboardConfig config) {
    InetAddress address = config.address();
    this.any = config.allowRemote();
    String literal = address instanceof Inet6Address
        ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    this.allowed = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]",
        literal.toLowerCase(Locale.ROOT), config.host().toLowerCase(Locale.ROOT)));
  }

  /** Whether a request with this {@code Host} header (null when absent) may be served. */
  boolean allows(String hostHeader) {
    if (any || hostHeader == null) {
      return true; // non-browser clients may omit Host; browsers always send it
    }
    return allowed.contains(hostName(hostHeader.strip().toLowerCase(Locale.ROOT)));
  }

  /** The host part of a Host header: {@code [::1]:8080} gives {@code [::1]}. */
  private static String hostName(String header) {
    if (header.startsWith("[")) {
      int end = header.indexOf(']');
      return end < 0 ? header : header.substring(0, end + 1);
    }
    int colon = header.indexOf(':');
    return colon < 0 ? header : header.substring(0, colon);
  }
}
