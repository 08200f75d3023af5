package io.brama.spi;

import io.brama.CircuitState;
import java.time.Duration;

/**
 * A state change made by this instance.
 *
 * @param id the connection
 * @param from the state before
 * @param to the state after; OPEN again after OPEN when a manual open restarted the period, CLOSED
 *     after CLOSED for a manual reset of a closed circuit (it still resets the fleet)
 * @param openFor for {@code to == OPEN}, the open period that began; otherwise null
 * @param reason the reason given with the change, or null
 * @param manual made by {@code open} or {@code reset}, not by calls or time
 */
public record LocalTransition(String id, CircuitState from, CircuitState to, Duration openFor,
    Object reason, boolean manual) {}
