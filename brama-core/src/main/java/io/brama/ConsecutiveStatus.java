package io.brama;

/**
 * What the consecutive policy has counted (see {@link ConnectionStatus#policy()}).
 *
 * @param failures failures in a row counted in CLOSED (0 in OPEN and HALF_OPEN)
 * @param maxAttempts the failures in a row that open the circuit
 */
public record ConsecutiveStatus(int failures, int maxAttempts) implements PolicyStatus {}
