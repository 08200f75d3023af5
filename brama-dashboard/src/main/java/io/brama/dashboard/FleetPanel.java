package io.brama.dashboard;

import io.brama.redis.RedisSharing;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A fleet panel for the page: the instances attached to a Redis namespace, each shared connection's
 * fleet state and probe holder, and the instances that disagree, read from {@code brama-redis}'s
 * {@link io.brama.redis.FleetView}. {@code brama-redis} is an optional dependency of the dashboard:
 * only this class names it, and it is loaded only when a panel is configured.
 *
 * <pre>{@code
 * RedisSharing sharing = RedisSharing.attach(brama, redisConfig);
 * BramaDashboard.start(brama, DashboardConfig.builder().fleet(FleetPanel.of(sharing)).build());
 * }</pre>
 */
public final class FleetPanel {
  private final Reader reader;

  /** Reads the fleet as JSON for the page. */
  interface Reader {
    /** The fleet as the page's JSON, or a failed stage when it cannot be read now. */
    CompletionStage<String> read(Json json);

    /** The namespace read. */
    String namespace();
  }

  private FleetPanel(Reader reader) {
    this.reader = reader;
  }

  /**
   * A panel showing the fleet {@code sharing} is part of.
   *
   * @param sharing the attached Redis sharing whose fleet to show
   * @return the panel, for {@link DashboardConfig.Builder#fleet(FleetPanel)}
   */
  public static FleetPanel of(RedisSharing sharing) {
    Objects.requireNonNull(sharing, "sharing must not be null");
    return new FleetPanel(new RedisFleet(sharing.fleet()));
  }

  Reader reader() {
    return reader;
  }

  /** Names the namespace. */
  @Override
  public String toString() {
    return "FleetPanel[namespace=" + reader.namespace() + "]";
  }
}
