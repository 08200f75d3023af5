package io.brama.redis;

import java.util.List;

/**
 * One connection's shared state as a script returned it.
 *
 * @param version increases with every open and close; 0 before the first
 * @param open whether the fleet's circuit is open
 * @param until when open: when the open period ends (ms, Redis time)
 * @param holder when open: the instance that holds the probe lease
 * @param lease when open: when the lease ends (ms, Redis time)
 * @param by the instance that made the latest change
 * @param redisNow the script's {@code TIME} (ms)
 * @param result the script's own answer: the failure count, or 1/0 for accepted/refused
 */
record SharedState(long version, boolean open, long until, String holder, long lease, String by,
    long redisNow, long result) {

  /** Parses a script's reply: {v, state, until, holder, lease, by, now, result}. */
  static SharedState of(List<Object> reply) {
    return new SharedState(num(reply.get(0)), "open".equals(str(reply.get(1))), num(reply.get(2)),
        str(reply.get(3)), num(reply.get(4)), str(reply.get(5)), num(reply.get(6)),
        num(reply.get(7)));
  }

  private static long num(Object o) {
    if (o instanceof Long l) {
      return l;
    }
    return o == null || o.toString().isEmpty() ? 0 : Long.parseLong(o.toString());
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
