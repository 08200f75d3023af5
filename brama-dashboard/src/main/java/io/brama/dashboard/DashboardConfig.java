package io.brama.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Where and how a {@link BramaDashboard} listens. Immutable; build one with {@link #builder()}.
 *
 * <p>Defaults: host 127.0.0.1, port 0 (a free port), no token (read-only), at most 32 event
 * streams, 1,024 queued events per stream, a heartbeat every 15 s, a request head read within 10 s,
 * at most 1,024 connections, the system clock, no fleet panel.
 */
public final class DashboardConfig {
  private static final DashboardConfig DEFAULTS = builder().build();

  private final String host;
  private final InetAddress address;
  private final int port;
  private final String token;
  private final boolean allowRemote;
  private final int maxEventStreams;
  private final int eventStreamQueueCapacity;
  private final Duration heartbeatInterval;
  private final Duration readTimeout;
  private final int maxConnections;
  private final InstantSource clock;
  private final FleetPanel fleet;

  private DashboardConfig(Builder b, InetAddress address) {
    this.host = b.host;
    this.address = address;
    this.port = b.port;
    this.token = b.token;
    this.allowRemote = b.allowRemote;
    this.maxEventStreams = b.maxEventStreams;
    this.eventStreamQueueCapacity = b.eventStreamQueueCapacity;
    this.heartbeatInterval = b.heartbeatInterval;
    this.readTimeout = b.readTimeout;
    this.maxConnections = b.maxConnections;
    this.clock = b.clock;
    this.fleet = b.fleet;
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: 127.0.0.1, a free port, read-only.
   *
   * @return the default configuration
   */
  public static DashboardConfig defaults() {
    return DEFAULTS;
  }

  /**
   * The host name or address as given.
   *
   * @return the host
   */
  public String host() {
    return host;
  }

  /**
   * The address {@link #host()} resolved to when the config was built.
   *
   * @return the resolved address
   */
  public InetAddress address() {
    return address;
  }

  /**
   * The port; 0 means a free port chosen at start.
   *
   * @return the port, or 0
   */
  public int port() {
    return port;
  }

  /**
   * Whether a token is set, and so whether open and reset are enabled.
   *
   * @return whether a token is set
   */
  public boolean hasToken() {
    return token != null;
  }

  /**
   * Whether a non-loopback address may be bound.
   *
   * @return whether a non-loopback address may be bound
   */
  public boolean allowRemote() {
    return allowRemote;
  }

  /**
   * The most event streams served at once; more are refused with 503.
   *
   * @return the limit on event streams
   */
  public int maxEventStreams() {
    return maxEventStreams;
  }

  /**
   * Events queued for one stream that its client has not read yet; a client that falls further
   * behind is disconnected (its browser reconnects and reloads the statuses).
   *
   * @return the per-stream queue capacity
   */
  public int eventStreamQueueCapacity() {
    return eventStreamQueueCapacity;
  }

  /**
   * How often an idle event stream gets a comment line, which also detects closed clients.
   *
   * @return the heartbeat interval
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * How long a client may take to send a request head, counted from when its connection starts
   * waiting for one (on opening, and after each response), however slowly the bytes come; the
   * connection is then closed. Also how long a connection may stay silent. An event stream is not
   * cut by it: its idle timeout is {@link #heartbeatInterval()} plus this.
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The most connections open at once. A connection opening beyond it closes the one that has waited
   * longest for its request head (or itself, if every other is serving a request or a stream).
   *
   * @return the limit on connections
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * The clock of the plots: which second a call-count sample belongs to, and where the state strips
   * end. Give the Brama's own clock when it has one (a test's manual clock, say).
   *
   * @return the clock
   */
  public InstantSource clock() {
    return clock;
  }

  /**
   * The fleet panel to show, or null for none.
   *
   * @return the fleet panel, or null
   */
  public FleetPanel fleet() {
    return fleet;
  }

  /** This config with another clock (tests give the Brama's manual clock). */
  DashboardConfig withClock(InstantSource clock) {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.token = token;
    b.allowRemote = allowRemote;
    b.maxEventStreams = maxEventStreams;
    b.eventStreamQueueCapacity = eventStreamQueueCapacity;
    b.heartbeatInterval = heartbeatInterval;
    b.readTimeout = readTimeout;
    b.maxConnections = maxConnections;
    b.clock = Objects.requireNonNull(clock, "clock must not be null");
    b.fleet = fleet;
    return new DashboardConfig(b, address);
  }

  /** The token, or null; package-private so that it never leaves the module. */
  String token() {
    return token;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "DashboardConfig[host=" + host + ", port=" + port + ", token=" + (hasToken() ? "set" : "none")
        + ", allowRemote=" + allowRemote + ", maxEventStreams=" + maxEventStreams
        + ", eventStreamQueueCapacity=" + eventStreamQueueCapacity
        + ", heartbeatInterval=" + heartbeatInterval + ", readTimeout=" + readTimeout
        + ", maxConnections=" + maxConnections + ", clock=" + clock + ", fleet=" + fleet + "]";
  }

  /** Builds a {@link DashboardConfig}; every setter validates at once, {@link #build()} the rest. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String token;
    private boolean allowRemote;
    private int maxEventStreams = 32;
    private int eventStreamQueueCapacity = 1024;
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(10);
    private int maxConnections = 1024;
    private InstantSource clock = InstantSource.system();
    private FleetPanel fleet;

    private Builder() {}

    /**
     * The host name or address to bind (default 127.0.0.1). A non-loopback address also needs
     * {@link #allowRemote(boolean) allowRemote(true)}.
     *
     * @param host the host name or address
     * @return this builder
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host must not be null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must be a host name or address, was \"" + host + "\"");
      }
      this.host = host.strip();
      return this;
    }

    /**
     * The port, in [0, 65535]; 0 (the default) picks a free one.
     *
     * @param port the port, or 0 for a free one
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Enables open and reset for requests with {@code Authorization: Bearer <token>}. Without a
     * token the dashboard is read-only.
     *
     * @param token the bearer token; no whitespace or control characters
     * @return this builder
     */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token must not be null");
      if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        // the value is a secret: say what is wrong, never echo it
        throw new IllegalArgumentException("token must be non-empty printable characters without "
            + "spaces, was a string of " + token.length() + " characters");
      }
      this.token = token;
      return this;
    }

    /**
     * Whether a non-loopback address may be bound (default false).
     *
     * @param allowRemote whether a non-loopback address may be bound
     * @return this builder
     */
    public Builder allowRemote(boolean allowRemote) {
      this.allowRemote = allowRemote;
      return this;
    }

    /**
     * The most event streams served at once; at least 1 (default 32).
     *
     * @param maxEventStreams the limit on event streams
     * @return this builder
     */
    public Builder maxEventStreams(int maxEventStreams) {
      this.maxEventStreams = atLeastOne(maxEventStreams, "maxEventStreams");
      return this;
    }

    /**
     * Events queued per stream before a slow client is disconnected; at least 1 (default 1,024).
     *
     * @param eventStreamQueueCapacity the per-stream queue capacity
     * @return this builder
     */
    public Builder eventStreamQueueCapacity(int eventStreamQueueCapacity) {
      this.eventStreamQueueCapacity = atLeastOne(eventStreamQueueCapacity, "eventStreamQueueCapacity");
      return this;
    }

    /**
     * How often an idle event stream gets a heartbeat; positive (default 15 s).
     *
     * @param heartbeatInterval the heartbeat interval
     * @return this builder
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      Objects.requireNonNull(heartbeatInterval, "heartbeatInterval must not be null");
      if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be > PT0S, was " + heartbeatInterval);
      }
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /**
     * How long a request head may take, from when the connection starts waiting for it, before the
     * connection is closed; positive (default 10 s). See {@link DashboardConfig#readTimeout()}.
     *
     * @param readTimeout the read timeout
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      Objects.requireNonNull(readTimeout, "readTimeout must not be null");
      if (readTimeout.isNegative() || readTimeout.isZero()) {
        throw new IllegalArgumentException("readTimeout must be > 0, was " + readTimeout);
      }
      this.readTimeout = readTimeout;
      return this;
    }

    /**
     * The most connections open at once; at least 1 (default 1,024). See {@link
     * DashboardConfig#maxConnections()}.
     *
     * @param maxConnections the limit on connections
     * @return this builder
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = atLeastOne(maxConnections, "maxConnections");
      return this;
    }

    /**
     * The clock of the plots (default: the system clock). See {@link DashboardConfig#clock()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Shows a fleet panel (default: none); needs {@code brama-redis}, see {@link FleetPanel}.
     *
     * @param fleet the panel, or null for none
     * @return this builder
     */
    public Builder fleet(FleetPanel fleet) {
      this.fleet = fleet;
      return this;
    }

    /**
     * Resolves the host and checks it.
     *
     * @return the configuration
     * @throws IllegalArgumentException if the host does not resolve, or is not a loopback address
     *     and {@code allowRemote(true)} was not set
     */
    public DashboardConfig build() {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("host must resolve to an address, was " + host, e);
      }
      if (!address.isLoopbackAddress() && !allowRemote) {
        throw new IllegalArgumentException("host must be a loopback address unless "
            + "allowRemote(true) is set, was " + host + " (" + address.getHostAddress() + ")");
      }
      return new DashboardConfig(this, address);
    }

    private static int atLeastOne(int value, String field) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " must be >= 1, was " + value);
      }
      return value;
    }
  }
}
