package io.brama.redis;

import io.brama.Brama;
import io.brama.spi.SharedCircuits;

/**
 * Shares a Brama's circuits with every other instance attached to the same Redis and namespace:
 * failures are counted fleet-wide, an open circuit opens everywhere with one open-until instant,
 * one instance probes for the fleet, and a manual open or reset applies to all. Calls never wait on
 * Redis: the local circuit decides, Redis carries the decisions (see {@code docs/shared-state.md}).
 *
 * <pre>{@code
 * Brama brama = Brama.create();
 * RedisSharing sharing = RedisSharing.attach(brama,
 *     RedisSharingConfig.builder("redis://localhost:6379").namespace("checkout").build());
 * ...
 * sharing.close();   // before brama.close()
 * }</pre>
 */
public final class RedisSharing implements AutoCloseable {
  private final SharedCircuits circuits;
  private final Fleet fleet;
  private final RedisLink link;
  private final RedisSharingConfig config;
  private final Roster roster;
  private final FleetView view;

  private RedisSharing(SharedCircuits circuits, Fleet fleet, RedisLink link,
      RedisSharingConfig config) {
    this.circuits = circuits;
    this.fleet = fleet;
    this.link = link;
    this.config = config;
    this.roster = new Roster(config, link, circuits);
    this.view = new FleetView(config, link);
  }

  /**
   * Attaches {@code brama} to the Redis of {@code config}. Returns at once: when Redis does not
   * answer, the circuits break locally until it does (a SHARED_STATE event says when).
   *
   * @param brama the Brama whose circuits are shared
   * @param config the Redis to share through and how
   * @return the attached module
   * @throws IllegalStateException when another sharing module is attached to {@code brama}
   */
  public static RedisSharing attach(Brama brama, RedisSharingConfig config) {
    RedisSharingConfig.Check.notNull(brama, "brama");
    RedisSharingConfig.Check.notNull(config, "config");
    Fleet fleet = new Fleet(config);
    RedisLink link = new RedisLink(config, fleet::onMessage, fleet::onUp, fleet::onDown,
        fleet::onSubscribed, fleet::onRefused);
    SharedCircuits circuits;
    try {
      circuits = brama.attach(fleet);
    } catch (RuntimeException e) {
      link.close();
      fleet.close();
      throw e;
    }
    fleet.bind(circuits, link);
    link.start();
    RedisSharing sharing = new RedisSharing(circuits, fleet, link, config);
    sharing.roster.start();
    return sharing;
  }

  /**
   * Whether Redis answers now.
   *
   * @return whether Redis answers
   */
  public boolean isConnected() {
    return link.isUp();
  }

  /**
   * This instance's name in Redis.
   *
   * @return the instance id
   */
  public String instanceId() {
    return config.instanceId();
  }

  /**
   * The fleet this instance is part of, read-only: the instances attached to the namespace, each
   * shared connection's fleet state and probe holder, and who disagrees with it.
   *
   * @return the view of the fleet
   */
  public FleetView fleet() {
    return view;
  }

  /** Leaves the fleet's roster, detaches from the Brama and closes the connections; idempotent. */
  @Override
  public void close() {
    roster.close();
    circuits.detach();
    link.close();
    fleet.close();
  }
}
