package io.brama;

/**
 * How many calls a connection has seen since it was registered, counted only when the Brama was
 * built with {@link Brama.Builder#countCalls(boolean) countCalls(true)}. Every reported outcome
 * counts, late answers and health-check probes included; {@code slow} counts the successes and
 * failures that took longer than the slow-call threshold (only when one is configured), so it
 * overlaps the other two. Each count is read on its own: under concurrent calls two counts of one
 * snapshot may be a few calls apart.
 *
 * @param successes calls reported successful
 * @param failures calls reported failed
 * @param ignored calls whose permit was completed with {@code ignore()}
 * @param rejected calls refused by the gate ({@code available} false, a refused permit, a
 *     {@code CircuitOpenException})
 * @param slow successful or failed calls slower than the slow-call threshold
 */
public record CallCounts(long successes, long failures, long ignored, long rejected, long slow) {}
