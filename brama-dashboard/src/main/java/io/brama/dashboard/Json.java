package io.brama.dashboard;

import io.brama.BramaEvent;
import io.brama.ConnectionStatus;
import io.brama.WindowStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dashboard's JSON: statuses, events, settings and errors, with instants as ISO-8601 strings,
 * reasons as their {@code toString()} and {@code < > & '} escaped (see {@link HtmlSafeEscapes}).
 */
final class Json {
  private final JsonMapper mapper = JsonMapper.builder(
      JsonFactory.builder().characterEscapes(new HtmlSafeEscapes()).build()).build();

  /** The mapper, with the escapes above, for the other writers of the dashboard's JSON. */
  JsonMapper mapper() {
    return mapper;
  }

  /** A JSON array of statuses, in the given order. */
  String statuses(List<ConnectionStatus> statuses) {
    ArrayNode array = mapper.createArrayNode();
    for (ConnectionStatus s : statuses) {
      array.add(statusNode(s));
    }
    return mapper.writeValueAsString(array);
  }

  /** One status as a JSON object. */
  String status(ConnectionStatus status) {
    return mapper.writeValueAsString(statusNode(status));
  }

  /** One event as a JSON object on a single line (JSON escapes every line break in strings). */
  String event(BramaEvent e) {
    ObjectNode n = mapper.createObjectNode();
    n.put("type", e.type().name());
    n.put("connection", e.connection());
    n.put("connectionType", e.connectionType());
    n.put("scope", e.scope());
    n.put("timestamp", iso(e.timestamp()));
    n.put("sequence", e.sequence());
    n.put("previousState", e.previousState() == null ? null : e.previousState().name());
    n.put("newState", e.newState() == null ? null : e.newState().name());
    n.put("reason", text(e.reason()));
    return mapper.writeValueAsString(n);
  }

  /**
   * What the page needs to know about this dashboard: whether open and reset are enabled, whether
   * the Brama counts calls (else there are no sparklines), and whether a fleet panel is configured.
   */
  String settings(boolean writeEnabled, boolean countsCalls, boolean fleet) {
    ObjectNode n = mapper.createObjectNode();
    n.put("writeEnabled", writeEnabled);
    n.put("countsCalls", countsCalls);
    n.put("fleet", fleet);
    n.put("sampleSeconds", CountRing.SLOTS);
    n.put("timelineMillis", Timelines.WINDOW.toMillis());
    return mapper.writeValueAsString(n);
  }

  /** An error body: {@code {"error": message}}. */
  String error(String message) {
    ObjectNode n = mapper.createObjectNode();
    n.put("error", message);
    return mapper.writeValueAsString(n);
  }

  private ObjectNode statusNode(ConnectionStatus s) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", s.id());
    n.put("type", s.type());
    n.put("scope", s.scope());
    ObjectNode metadata = n.putObject("metadata");
    for (Map.Entry<String, String> m : s.metadata().entrySet()) {
      metadata.put(m.getKey(), m.getValue());
    }
    n.put("state", s.state().name());
    n.put("failureCount", s.failureCount());
    n.put("maxAttempts", s.maxAttempts());
    n.put("consecutiveOpens", s.consecutiveOpens());
    n.put("openedAt", iso(s.openedAt()));
    n.put("halfOpensAt", iso(s.halfOpensAt()));
    n.put("lastSuccessAt", iso(s.lastSuccessAt()));
    n.put("lastFailureAt", iso(s.lastFailureAt()));
    n.put("lastFailureReason", text(s.lastFailureReason()));
    n.put("activeTrials", s.activeTrials());
    n.put("retryAfterMillis", s.retryAfter() == null ? 0 : s.retryAfter().toMillis());
    WindowStatus w = s.window();
    if (w == null) {
      n.putNull("window");
    } else {
      ObjectNode window = n.putObject("window");
      window.put("calls", w.calls());
      window.put("failures", w.failures());
      window.put("slowCalls", w.slowCalls());
      window.put("failureRatePercent", w.failureRatePercent());
      window.put("slowCallRatePercent", w.slowCallRatePercent());
    }
    return n;
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A reason as text: its {@code toString()}, or a note if that throws; null stays null. */
  static String text(Object reason) {
    if (reason == null) {
      return null;
    }
    try {
      return String.valueOf(reason);
    } catch (RuntimeException e) {
      return reason.getClass().getName() + " (toString() threw " + e.getClass().getName() + ")";
    }
  }
}
