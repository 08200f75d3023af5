package io.brama.internal;

import io.brama.CircuitState;

/**
 * The legal transitions, each with its cause: the one table the code enters states through and the
 * README's table (docs/state-machine.md) is checked against. A state is only ever entered by naming
 * its move, and a move from the wrong state is refused.
 */
enum Move {
  /** The failure policy's threshold was reached (failures, a window's rate). */
  CLOSED_TO_OPEN_BY_FAILURES(CircuitState.CLOSED, CircuitState.OPEN),
  /** {@code configure} lowered the threshold to the count already reached. */
  CLOSED_TO_OPEN_BY_CONFIGURE(CircuitState.CLOSED, CircuitState.OPEN),
  /** A sharing module opened it as its own failures would (the fleet's count). */
  CLOSED_TO_OPEN_BY_FLEET(CircuitState.CLOSED, CircuitState.OPEN),
  /** The expiry passed. */
  OPEN_TO_HALF_OPEN(CircuitState.OPEN, CircuitState.HALF_OPEN),
  /** A trial succeeded. */
  HALF_OPEN_TO_CLOSED_BY_TRIAL(CircuitState.HALF_OPEN, CircuitState.CLOSED),
  /** A trial failed, was too slow, or timed out. */
  HALF_OPEN_TO_OPEN_BY_TRIAL(CircuitState.HALF_OPEN, CircuitState.OPEN),
  /** {@code open(id)} from any state (from OPEN: the open period restarts, no event). */
  MANUAL_OPEN(null, CircuitState.OPEN),
  /** {@code reset(id)} from OPEN or HALF_OPEN. */
  MANUAL_CLOSE(null, CircuitState.CLOSED),
  /** A sharing module's "open until" from any state (from OPEN: a new end, no event). */
  SHARED_OPEN(null, CircuitState.OPEN),
  /** A sharing module's "close" from OPEN or HALF_OPEN. */
  SHARED_CLOSE(null, CircuitState.CLOSED);

  /** The state the move starts from; null: any registered state. */
  final CircuitState from;
  final CircuitState to;

  Move(CircuitState from, CircuitState to) {
    this.from = from;
    this.to = to;
  }

  /** Whether this move may start from {@code state}. */
  boolean allowedFrom(CircuitState state) {
    if (state == null) {
      return false;
    }
    if (to == CircuitState.CLOSED && from == null) {
      return state != CircuitState.CLOSED;
    }
    return from == null || from == state;
  }

  /** Whether a state change {@code previous -> next} is one of the table's. */
  static boolean legal(CircuitState previous, CircuitState next) {
    return previous != null && next != null && Legal.PAIRS[previous.ordinal()][next.ordinal()];
  }

  /** The table as pairs of states, computed once (a state change looks it up, allocating nothing). */
  private static final class Legal {
    static final boolean[][] PAIRS = pairs();

    private static boolean[][] pairs() {
      CircuitState[] states = CircuitState.values();
      boolean[][] pairs = new boolean[states.length][states.length];
      for (Move m : values()) {
        for (CircuitState from : states) {
          pairs[from.ordinal()][m.to.ordinal()] |= m.allowedFrom(from);
        }
      }
      return pairs;
    }
  }

  /** Throws if this move may not start from {@code state} (a bug in the rules, never input). */
  void check(CircuitState state) {
    if (!allowedFrom(state)) {
      throw new IllegalStateException("illegal move " + this + " from " + state);
    }
  }
}
