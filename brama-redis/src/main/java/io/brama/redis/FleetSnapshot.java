package io.brama.redis;

import java.time.Instant;
import java.util.List;

/**
 * What a namespace's fleet looks like in Redis at one moment: see {@link FleetView#snapshot()}.
 *
 * @param namespace the namespace read
 * @param readAt when it was read (Redis time)
 * @param instances the instances attached, by id
 * @param connections every connection some instance announced, by id
 */
public record FleetSnapshot(String namespace, Instant readAt, List<FleetInstance> instances,
    List<FleetConnection> connections) {

  /**
   * Copies the lists.
   *
   * @param namespace the namespace read
   * @param readAt when it was read
   * @param instances the instances attached
   * @param connections the shared connections
   */
  public FleetSnapshot {
    instances = List.copyOf(instances);
    connections = List.copyOf(connections);
  }
}
