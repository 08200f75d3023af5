package io.brama.dashboard;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * The JSON of the plots: call counts per second ({@link CountRing}), state strips ({@link
 * Timelines}) and kept events ({@link EventHub}), streamed rather than built as trees (a thousand
 * connections' five minutes are 900,000 numbers).
 */
final class PlotsJson {
  private final Json json;

  PlotsJson(Json json) {
    this.json = json;
  }

  /** Samples are off: the Brama does not count calls. */
  static String countersOff() {
    return "{\"countsCalls\":false}";
  }

  /**
   * Every connection's calls ({@code successes + failures + ignored}), failures and rejections per
   * second, for the seconds after {@code after} up to {@code end}: {@code null} where unknown.
   */
  String samples(Map<String, CountRing> rings, long after, long end) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.mapper().createGenerator(out)) {
      head(g, end);
      g.writeName("connections");
      g.writeStartObject();
      for (Map.Entry<String, CountRing> e : rings.entrySet()) {
        int[][] s = e.getValue().read(after, end);
        g.writeName(e.getKey());
        g.writeStartObject();
        writeSeries(g, "calls", sum(s[0], s[1], s[2]));
        writeSeries(g, "failures", s[1]);
        writeSeries(g, "rejected", s[3]);
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** One connection's five series ({@link CountRing#NAMES}) after {@code after} up to {@code end}. */
  String samples(String id, CountRing ring, long after, long end) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.mapper().createGenerator(out)) {
      head(g, end);
      g.writeStringProperty("id", id);
      int[][] s = ring.read(after, end);
      for (int i = 0; i < CountRing.NAMES.length; i++) {
        writeSeries(g, CountRing.NAMES[i], s[i]);
      }
      g.writeEndObject();
    }
    return out.toString();
  }

  /** Every state strip over the window ending at {@code now}; instants as epoch milliseconds. */
  String timelines(List<Timelines.Strip> strips, Instant now) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = json.mapper().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberProperty("now", now.toEpochMilli());
      g.writeNumberProperty("windowMillis", Timelines.WINDOW.toMillis());
      g.writeArrayPropertyStart("connections");
      for (Timelines.Strip strip : strips) {
        g.writeStartObject();
        g.writeStringProperty("id", strip.id());
        g.writeStringProperty("base", strip.base().name());
        g.writeNumberProperty("since", strip.since());
        g.writeArrayPropertyStart("changes");
        for (Timelines.Change c : strip.changes()) {
          g.writeStartObject();
          g.writeNumberProperty("at", c.at());
          g.writeStringProperty("state", c.state().name());
          g.writeStringProperty("reason", c.reason());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toString();
  }

  /** The kept events, oldest first, each event's JSON with its stream id added. */
  static String history(List<EventHub.Kept> kept) {
    StringBuilder out = new StringBuilder("{\"events\":[");
    for (int i = 0; i < kept.size(); i++) {
      EventHub.Kept k = kept.get(i);
      // ids are "<base 36>.<number>": nothing in them needs escaping
      out.append(i == 0 ? "" : ",").append("{\"id\":\"").append(k.id()).append("\",")
          .append(k.json(), 1, k.json().length());
    }
    return out.append("]}").toString();
  }

  private static void head(JsonGenerator g, long end) {
    g.writeStartObject();
    g.writeBooleanProperty("countsCalls", true);
    g.writeNumberProperty("end", end);
    g.writeNumberProperty("seconds", CountRing.SLOTS);
  }

  private static void writeSeries(JsonGenerator g, String name, int[] values) {
    g.writeArrayPropertyStart(name);
    for (int v : values) {
      if (v < 0) {
        g.writeNull();
      } else {
        g.writeNumber(v);
      }
    }
    g.writeEndArray();
  }

  private static int[] sum(int[] a, int[] b, int[] c) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] < 0 ? -1 : (int) Math.min((long) a[i] + b[i] + c[i], Integer.MAX_VALUE);
    }
    return out;
  }
}
