package io.brama.dashboard;

import io.brama.redis.FleetConnection;
import io.brama.redis.FleetInstance;
import io.brama.redis.FleetSnapshot;
import io.brama.redis.FleetView;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@link FleetView} snapshot as the page's JSON; loaded only through {@link FleetPanel#of}. */
final class RedisFleet implements FleetPanel.Reader {
  private final FleetView view;

  RedisFleet(FleetView view) {
    this.view = view;
  }

  @Override
  public String namespace() {
    return view.namespace();
  }

  @Override
  public CompletionStage<String> read(Json json) {
    return view.snapshot().thenApply(s -> json.mapper().writeValueAsString(node(json, s)));
  }

  private ObjectNode node(Json json, FleetSnapshot s) {
    ObjectNode n = json.mapper().createObjectNode();
    n.put("namespace", s.namespace());
    n.put("self", view.instanceId());
    n.put("readAt", iso(s.readAt()));
    ArrayNode instances = n.putArray("instances");
    for (FleetInstance i : s.instances()) {
      ObjectNode o = instances.addObject();
      o.put("id", i.id());
      o.put("since", iso(i.since()));
      o.put("lastSeen", iso(i.lastSeen()));
      o.put("connections", i.states().size());
      o.put("notClosed", i.states().values().stream()
          .filter(state -> state != io.brama.CircuitState.CLOSED).count());
    }
    ArrayNode connections = n.putArray("connections");
    for (FleetConnection c : s.connections()) {
      ObjectNode o = connections.addObject();
      o.put("id", c.id());
      o.put("state", c.state().name());
      o.put("probeHolder", c.probeHolder());
      o.put("openUntil", iso(c.openUntil()));
      o.put("leaseUntil", iso(c.leaseUntil()));
      o.put("changedBy", c.changedBy());
      ArrayNode disagreeing = o.putArray("disagreeing");
      c.disagreeing().forEach(disagreeing::add);
    }
    return n;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
