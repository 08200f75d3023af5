package io.brama.redis;

/**
 * A message on the namespace's channel (its text: {@link SharedStateCodec}).
 *
 * @param kind what happened
 * @param id the connection
 * @param state for {@link Kind#OPEN} and {@link Kind#CLOSE}, the shared state the message
 *     announces (its {@code redisNow} and {@code result} are 0); else null
 */
record Message(Kind kind, String id, SharedState state) {

  /** What a message announces, with its word on the wire and how many fields follow the word. */
  enum Kind {
    /** The fleet's failure count became non-zero: every instance watches its successes. */
    DIRTY("dirty", 1),
    /** A success reset the count: successes are no longer watched. */
    CLEAN("clean", 1),
    /** The fleet opened: version, open-until, lease end, holder, connection. */
    OPEN("open", 5),
    /** The fleet closed: version, who closed it, connection. */
    CLOSE("close", 3);

    final String word;
    final int fields;

    Kind(String word, int fields) {
      this.word = word;
      this.fields = fields;
    }

    /** The kind whose word is {@code word}; null for any other text. */
    static Kind of(String word) {
      for (Kind k : values()) {
        if (k.word.equals(word)) {
          return k;
        }
      }
      return null;
    }
  }

  static Message dirty(String id) {
    return new Message(Kind.DIRTY, id, null);
  }

  static Message clean(String id) {
    return new Message(Kind.CLEAN, id, null);
  }

  /** The fleet opened at {@code version} until {@code until}; {@code holder} probes. */
  static Message open(String id, long version, long until, long lease, String holder) {
    return new Message(Kind.OPEN, id,
        new SharedState(version, true, until, holder, lease, holder, 0, 0));
  }

  /** The fleet closed at {@code version}, by {@code by}. */
  static Message close(String id, long version, String by) {
    return new Message(Kind.CLOSE, id, new SharedState(version, false, 0, "", 0, by, 0, 0));
  }
}
