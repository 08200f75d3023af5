package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CircuitState;
import io.brama.redis.Message.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Encoding then decoding gives the value back, for every kind of message, reply and announcement,
 * over many generated values (seeded: a failure names its seed); what is not a message is refused.
 * {@link ScriptWireFormatTest} checks the same format against what the scripts write.
 */
class SharedStateCodecTest {
  private static final int CASES = 2_000;
  private static final String ID_CHARS = "ab z{}:-_.é☃/\\\"' \t0123456789";
  private static final String WORD_CHARS = "abcxyz-_.:{}0123456789é";

  @Test
  void everyMessageKindDecodesToWhatWasEncoded() {
    for (long seed = 0; seed < CASES; seed++) {
      Message m = message(new Random(seed));
      String text = SharedStateCodec.encode(m);
      assertThat(SharedStateCodec.decode(text)).as("seed %d: '%s'", seed, text).contains(m);
    }
  }

  @Test
  void everyKindIsGenerated() {
    List<Kind> seen = new ArrayList<>();
    for (long seed = 0; seed < 100; seed++) {
      seen.add(message(new Random(seed)).kind());
    }
    assertThat(seen).contains(Kind.values());
  }

  @Test
  void aReplyDecodesToWhatWasEncoded() {
    for (long seed = 0; seed < CASES; seed++) {
      Random r = new Random(seed);
      SharedState s = new SharedState(number(r), r.nextBoolean(), number(r),
          r.nextBoolean() ? "" : word(r), number(r), r.nextBoolean() ? "" : word(r), number(r),
          number(r));
      assertThat(SharedStateCodec.decodeReply(SharedStateCodec.encodeReply(s)))
          .as("seed %d", seed).isEqualTo(s);
      List<Object> asStrings = SharedStateCodec.encodeReply(s).stream()
          .map(o -> (Object) o.toString()).toList();
      assertThat(SharedStateCodec.decodeReply(asStrings)).as("seed %d, as strings", seed)
          .isEqualTo(s);
    }
  }

  @Test
  void anAnnouncementDecodesToTheStatesAnnounced() {
    for (long seed = 0; seed < CASES; seed++) {
      Random r = new Random(seed);
      Map<String, CircuitState> states = new LinkedHashMap<>();
      for (int i = r.nextInt(6); i > 0; i--) {
        states.put(id(r), CircuitState.values()[r.nextInt(CircuitState.values().length)]);
      }
      long since = Math.abs(number(r));
      long seen = Math.abs(number(r));
      List<Object> hash = new ArrayList<>(List.of("since", Long.toString(since), "seen",
          Long.toString(seen)));
      hash.addAll(SharedStateCodec.announcement(states));

      FleetInstance instance = SharedStateCodec.instance("i-" + seed, hash);

      assertThat(instance.states()).as("seed %d", seed).isEqualTo(states);
      assertThat(instance.since().toEpochMilli()).isEqualTo(since);
      assertThat(instance.lastSeen().toEpochMilli()).isEqualTo(seen);
    }
  }

  @Test
  void anInstanceWithoutAHashHasLeft() {
    assertThat(SharedStateCodec.instance("gone", List.of())).isNull();
  }

  @Test
  void aStateThisVersionDoesNotKnowIsLeftOut() {
    FleetInstance i = SharedStateCodec.instance("i", List.of("since", "1", "seen", "2",
        "s:a", "OPEN", "s:b", "SMOULDERING"));
    assertThat(i.states()).isEqualTo(Map.of("a", CircuitState.OPEN));
  }

  @Test
  void whatIsNotAMessageIsRefused() {
    for (String text : new String[] {"", " ", "hello", "dirty", "dirty ", "dirty  ", "clean \t",
        "open", "open 1 2 3 holder", "open 1 2 3 holder ", "open notanumber 2 3 h api",
        "open 1 2.5 3 h api", "open 1 2 3e4 h api", "open  1 2 3 h api", "close 1 by",
        "close x by api", "close 99999999999999999999 by api", "OPEN 1 2 3 h api",
        "Dirty api", "published api", "\u0000 api", "open 1 2 3  api", "close 1  api",
        "close 1 a\tb api"}) {
      assertThat(SharedStateCodec.decode(text)).as("'%s'", text).isEmpty();
    }
    assertThat(SharedStateCodec.decode(null)).isEmpty();
  }

  @Test
  void garbageIsRefusedOrReadWithoutThrowing() {
    for (long seed = 0; seed < CASES; seed++) {
      Random r = new Random(seed);
      String valid = SharedStateCodec.encode(message(r));
      String garbage = switch (r.nextInt(3)) {
        case 0 -> valid.substring(0, r.nextInt(valid.length() + 1));
        case 1 -> valid.replace(' ', ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        default -> randomText(r);
      };
      Optional<Message> decoded = SharedStateCodec.decode(garbage);
      if (decoded.isPresent()) { // what still parses encodes back to the very same text
        assertThat(SharedStateCodec.encode(decoded.get())).as("seed %d", seed)
            .isEqualTo(garbage);
      }
    }
  }

  @Test
  void anInstanceIdWithWhitespaceCannotBeEncoded() {
    assertThatThrownBy(() -> SharedStateCodec.encode(Message.open("api", 1, 2, 3, "a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("holder must be a non-empty word without whitespace, was 'a b'");
    assertThatThrownBy(() -> SharedStateCodec.encode(Message.close("api", 1, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("by must be a non-empty word without whitespace, was ''");
  }

  @Test
  void theLuaOfAMessageNamesItsFieldsInOrder() {
    assertThat(SharedStateCodec.lua(Kind.CLOSE, "v", "ARGV[4]", "ARGV[2]"))
        .isEqualTo("'close ' .. v .. ' ' .. ARGV[4] .. ' ' .. ARGV[2]");
    assertThatThrownBy(() -> SharedStateCodec.lua(Kind.OPEN, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fields must be 5 for open, was 1");
  }

  /** Any message: the open's changer is its holder, and a message carries no TIME nor result. */
  static Message message(Random r) {
    String id = id(r);
    return switch (Kind.values()[r.nextInt(Kind.values().length)]) {
      case DIRTY -> Message.dirty(id);
      case CLEAN -> Message.clean(id);
      case OPEN -> Message.open(id, number(r), number(r), number(r), word(r));
      case CLOSE -> Message.close(id, number(r), word(r));
    };
  }

  /** A connection id: not blank, any characters (spaces, braces, quotes, non-ASCII). */
  private static String id(Random r) {
    String id;
    do {
      id = text(r, ID_CHARS, 1 + r.nextInt(12));
    } while (id.isBlank());
    return id;
  }

  /** An instance id: one word. */
  private static String word(Random r) {
    return text(r, WORD_CHARS, 1 + r.nextInt(10));
  }

  private static long number(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 2 -> 1_600_000_000_000L + r.nextInt(1_000_000_000); // Redis TIME in ms, as the scripts
      default -> r.nextLong();
    };
  }

  private static String randomText(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(30); i > 0; i--) {
      b.append((char) r.nextInt(0x3000));
    }
    return b.toString();
  }

  private static String text(Random r, String chars, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(r.nextInt(chars.length())));
    }
    return b.toString();
  }
}
