package io.brama.redis;

/**
 * A message on the namespace's channel: {@code dirty id}, {@code clean id},
 * {@code open v until lease holder id} or {@code close v by id}.
 *
 * @param kind dirty, clean, open or close
 * @param id the connection
 * @param state for open and close, the shared state the message announces; else null
 */
record Message(String kind, String id, SharedState state) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException (or a subclass) when it is not one of Brama's messages
   */
  static Message parse(String text) {
    String[] p = text.split(" ", 2);
    switch (p[0]) {
      case "dirty", "clean" -> {
        return new Message(p[0], p[1], null);
      }
      case "open" -> {
        String[] f = text.split(" ", 6);
        return new Message("open", f[5], new SharedState(Long.parseLong(f[1]), true,
            Long.parseLong(f[2]), f[4], Long.parseLong(f[3]), f[4], 0, 0));
      }
      case "close" -> {
        String[] f = text.split(" ", 4);
        return new Message("close", f[3], new SharedState(Long.parseLong(f[1]), false, 0, "", 0,
            f[2], 0, 0));
      }
      default -> throw new IllegalArgumentException("unknown kind");
    }
  }
}
