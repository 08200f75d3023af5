package io.brama;

/** The three states of a circuit. See the README's transition table. */
public enum CircuitState {
  /** Calls pass; consecutive failures are counted. */
  CLOSED,
  /** Calls are rejected until the expiry has passed. */
  OPEN,
  /** A limited number of trial calls pass; the first verdict closes or re-opens the circuit. */
  HALF_OPEN
}
