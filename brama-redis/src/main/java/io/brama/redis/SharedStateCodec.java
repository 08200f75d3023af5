package io.brama.redis;

import io.brama.CircuitState;
import io.brama.redis.Message.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire format of the shared state, in one place: what the scripts ({@link Scripts}, {@link
 * RosterScripts}) publish and return, and what this instance announces. The Lua that writes a
 * message or a reply is built here too ({@link #lua}, {@link #LUA_REPLY}), beside the Java that
 * reads it, and a test runs the scripts on a real Redis and decodes what they wrote.
 *
 * <p><b>Channel messages</b> on {@code <namespace>:events}, one space between fields:
 * <pre>{@code
 * dirty <id>                              the fleet's failure count became non-zero
 * clean <id>                              a success reset it
 * open <v> <until> <lease> <holder> <id>  the fleet opened (by holder, who probes)
 * close <v> <by> <id>                     the fleet closed
 * }</pre>
 * The connection id comes last and may hold spaces; instance ids ({@code holder}, {@code by}) hold
 * none ({@link RedisSharingConfig.Builder#instanceId} refuses them). {@code v} is the version,
 * {@code until} and {@code lease} instants in ms of Redis time, written by Lua's {@code tostring}
 * (exact integers up to 14 digits). Any other text is refused: {@link #decode} returns empty.
 *
 * <p><b>Script replies</b> (state and result scripts): {@code {v, state, until, holder, lease, by,
 * now, result}}, {@code state} being {@code open} or {@code closed}, {@code now} Redis {@code TIME}
 * in ms, {@code result} the script's own answer (see {@link SharedState}).
 *
 * <p><b>Roster</b>: an instance's hash holds {@code since} and {@code seen} (ms, Redis time, set by
 * the script) and one {@code s:<id>} field per connection whose value is its local {@link
 * CircuitState} name, as this instance announces them ({@link #announcement}).
 */
final class SharedStateCodec {
  private SharedStateCodec() {}

  private static final String OPEN = "open";
  private static final String CLOSED = "closed";
  private static final String STATE_FIELD = "s:";

  /**
   * The scripts' {@code reply(result)}: the state hash (KEYS[1]) and {@code result}, in {@link
   * #decodeReply}'s order. Needs {@code now} and {@code num} (the scripts' preamble).
   */
  static final String LUA_REPLY = """
      local function reply(result)
        local s = redis.call('HMGET', KEYS[1], 'v', 'state', 'until', 'holder', 'lease', 'by')
        return {num(s[1]), s[2] or 'closed', num(s[3]), s[4] or '', num(s[5]), s[6] or '', now,
          result}
      end
      """;

  // ---- channel messages ----

  /**
   * The Lua expression that builds a message of {@code kind} from {@code fields}, Lua expressions
   * in the order of the table above (the connection id last).
   */
  static String lua(Kind kind, String... fields) {
    if (fields.length != kind.fields) {
      throw new IllegalArgumentException("fields must be " + kind.fields + " for " + kind.word
          + ", was " + fields.length);
    }
    return "'" + kind.word + " ' .. " + String.join(" .. ' ' .. ", fields);
  }

  /** The text of {@code m}, as the scripts write it. */
  static String encode(Message m) {
    SharedState s = m.state();
    return switch (m.kind()) {
      case DIRTY, CLEAN -> m.kind().word + " " + m.id();
      case OPEN -> String.join(" ", OPEN, Long.toString(s.version()), Long.toString(s.until()),
          Long.toString(s.lease()), token(s.holder(), "holder"), m.id());
      case CLOSE -> String.join(" ", Kind.CLOSE.word, Long.toString(s.version()),
          token(s.by(), "by"), m.id());
    };
  }

  /**
   * The message {@code text} carries; empty when it is not one of Brama's (another publisher on the
   * channel, a newer format): never throws.
   */
  static Optional<Message> decode(String text) {
    int space = text == null ? -1 : text.indexOf(' ');
    Kind kind = space < 0 ? null : Kind.of(text.substring(0, space));
    if (kind == null) {
      return Optional.empty();
    }
    String[] f = text.split(" ", kind.fields + 1);
    String id = f.length == kind.fields + 1 ? f[kind.fields] : "";
    if (id.isBlank()) {
      return Optional.empty(); // core refuses blank ids: no connection has one
    }
    try {
      return Optional.of(switch (kind) {
        case DIRTY -> Message.dirty(id);
        case CLEAN -> Message.clean(id);
        case OPEN -> Message.open(id, Long.parseLong(f[1]), Long.parseLong(f[2]),
            Long.parseLong(f[3]), token(f[4], "holder"));
        case CLOSE -> Message.close(id, Long.parseLong(f[1]), token(f[2], "by"));
      });
    } catch (IllegalArgumentException e) { // a field that is not a number or not an instance id
      return Optional.empty();
    }
  }

  /** {@code value}, an instance id: one word (as {@link RedisSharingConfig} requires). */
  private static String token(String value, String name) {
    if (!value.matches("\\S+")) {
      throw new IllegalArgumentException(name + " must be a non-empty word without whitespace, "
          + "was '" + value + "'");
    }
    return value;
  }

  // ---- script replies ----

  /** {@code s} as {@link #LUA_REPLY} returns it and Lettuce hands it over (numbers as Long). */
  static List<Object> encodeReply(SharedState s) {
    return List.of(s.version(), s.open() ? OPEN : CLOSED, s.until(), s.holder(), s.lease(),
        s.by(), s.redisNow(), s.result());
  }

  /**
   * A script's reply.
   *
   * @throws RuntimeException when it is not {@link #LUA_REPLY}'s (the command then fails)
   */
  static SharedState decodeReply(List<Object> reply) {
    return new SharedState(number(reply.get(0)), OPEN.equals(str(reply.get(1))),
        number(reply.get(2)), str(reply.get(3)), number(reply.get(4)), str(reply.get(5)),
        number(reply.get(6)), number(reply.get(7)));
  }

  /** A number in a reply or a hash: 0 when absent or empty (a hash field not set). */
  static long number(Object o) {
    if (o instanceof Long l) {
      return l;
    }
    return o == null || o.toString().isEmpty() ? 0 : Long.parseLong(o.toString());
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  // ---- the roster ----

  /** The announcement's field/value pairs for these local states, by connection id. */
  static List<String> announcement(Map<String, CircuitState> states) {
    List<String> pairs = new ArrayList<>(states.size() * 2);
    states.forEach((id, state) -> {
      pairs.add(STATE_FIELD + id);
      pairs.add(state.name());
    });
    return pairs;
  }

  /**
   * An instance from its hash as a flat field/value list; null when the hash is gone (it left).
   * A state this version does not know is left out.
   *
   * @throws NumberFormatException when {@code since} or {@code seen} is not a number
   */
  static FleetInstance instance(String id, List<Object> hash) {
    if (hash.isEmpty()) {
      return null;
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
    }
    Map<String, CircuitState> states = new HashMap<>();
    fields.forEach((field, value) -> {
      if (field.startsWith(STATE_FIELD)) {
        try {
          states.put(field.substring(STATE_FIELD.length()), CircuitState.valueOf(value));
        } catch (IllegalArgumentException e) {
          // a state this version does not know: left out
        }
      }
    });
    return new FleetInstance(id, Instant.ofEpochMilli(number(fields.get("since"))),
        Instant.ofEpochMilli(number(fields.get("seen"))), states);
  }
}
