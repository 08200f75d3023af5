package io.brama.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What of the channel's traffic is taken in: Brama's messages whose version Redis could have
 * written. Anyone with {@code PUBLISH} rights can write on the channel; a version far ahead of
 * Redis {@code TIME} would make every later real change look older, so the fleet would never
 * follow Redis again. What is dropped is logged once per fault (a flood would otherwise flood the
 * log), shortened. Used on the fleet's thread only.
 */
final class ChannelGuard {
  private static final System.Logger LOG = System.getLogger(RedisSharing.class.getName());
  /**
   * How far ahead of Redis's clock (as this instance estimates it) a version may be: a version is
   * the Redis time of its change, or one more than the previous when several fall in one ms.
   */
  static final Duration AHEAD = Duration.ofMinutes(1);
  private static final int SHOWN = 120;

  /** Why a message was dropped. */
  enum Fault {
    FOREIGN("text that is not a Brama message"),
    MALFORMED("a malformed Brama message"),
    FUTURE("a message whose version is more than " + AHEAD.toSeconds()
        + " s ahead of Redis's clock");

    final String what;

    Fault(String what) {
      this.what = what;
    }
  }

  private final String channel;
  private final Set<Fault> logged = EnumSet.noneOf(Fault.class);

  ChannelGuard(String channel) {
    this.channel = channel;
  }

  /** The message {@code text} carries, or empty when it is dropped; {@code redisNow} estimated. */
  Optional<Message> admit(String text, Instant redisNow) {
    Optional<Message> m = SharedStateCodec.decode(text);
    if (m.isEmpty()) {
      int space = text.indexOf(' ');
      boolean ours = space > 0 && Message.Kind.of(text.substring(0, space)) != null;
      drop(ours ? Fault.MALFORMED : Fault.FOREIGN, text);
    } else if (m.get().state() != null
        && m.get().state().version() > redisNow.plus(AHEAD).toEpochMilli()) {
      drop(Fault.FUTURE, text);
      return Optional.empty();
    }
    return m;
  }

  private void drop(Fault fault, String text) {
    if (logged.add(fault)) {
      String shown = text.length() <= SHOWN ? text
          : text.substring(0, SHOWN) + "... (" + text.length() + " characters)";
      LOG.log(Level.WARNING, "ignoring " + fault.what + " on " + channel + ": '" + shown
          + "'; further ones are not logged");
    }
  }
}
