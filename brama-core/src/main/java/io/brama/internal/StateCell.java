package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cell a connection's {@link State} lives in, swapped by compare-and-set, and the closed mark
 * that lets {@code available} answer for a CLOSED circuit from the connection object itself. A
 * superclass rather than a field, so that the cell costs no object and no indirection.
 */
abstract class StateCell {
  private static final VarHandle STATE;
  private static final VarHandle CLOSED_MARK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(StateCell.class, "state", State.class);
      CLOSED_MARK = lookup.findVarHandle(StateCell.class, "closedMark", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The state in force. */
  volatile State state;
  /**
   * {@code available} reads this instead of the state, so that across a large registry a closed
   * circuit costs one object (and one cache miss) after the map lookup, not two. It holds a state
   * {@link State#version} plus 1 when that state is CLOSED. Invariant: bit 0 is set only while the
   * current state is CLOSED. A swap out of CLOSED clears it before its compare-and-set; a swap into
   * CLOSED sets it afterwards unless a later version has been seen, so a delayed writer cannot set
   * it over a newer, non-CLOSED state. While it is clear, callers take the state path, which is
   * always right.
   */
  volatile int closedMark;

  /** Installs the first state (from the subclass's constructor, which the state refers to). */
  final void init(State initial) {
    this.closedMark = initial instanceof Closed ? initial.version | 1 : initial.version;
    this.state = initial;
  }

  /** Whether the closed mark says CLOSED (if it does not, ask the state). */
  final boolean markedClosed() {
    return (closedMark & 1) != 0;
  }

  /** Swaps {@code s} for {@code next}, keeping the closed mark's invariant. */
  final boolean install(State s, State next) {
    if (s instanceof Closed && !(next instanceof Closed)) {
      clearClosedMark(s.version);
    }
    if (!STATE.compareAndSet(this, s, next)) {
      return false;
    }
    if (next instanceof Closed) {
      setClosedMark(next.version);
    }
    return true;
  }

  /** Before leaving the CLOSED state {@code version}. */
  private void clearClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & ~1) - version > 0 || mark == version) {
        return; // a later state was marked (so leaving {@code version} will fail), or cleared
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version)) {
        return;
      }
    }
  }

  /** After entering (or staying in) the CLOSED state {@code version}. */
  private void setClosedMark(int version) {
    for (;;) {
      int mark = closedMark;
      if ((mark & 1) != 0 || version - (mark & ~1) <= 0) {
        return; // already set for a CLOSED state still current, or a later one was seen
      }
      if (CLOSED_MARK.compareAndSet(this, mark, version | 1)) {
        return;
      }
    }
  }
}
