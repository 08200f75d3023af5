package io.brama;

/**
 * What a rate policy's window holds now (see {@link FailurePolicy#rate} and
 * {@link ConnectionStatus#policy()}).
 *
 * @param calls completed calls in the window
 * @param failures failed calls among them
 * @param slowCalls slow calls among them (failed or not)
 * @param failureRatePercent {@code 100 * failures / calls}, 0 when empty
 * @param slowCallRatePercent {@code 100 * slowCalls / calls}, 0 when empty
 */
public record WindowStatus(int calls, int failures, int slowCalls, double failureRatePercent,
    double slowCallRatePercent) implements PolicyStatus {}
