package io.brama;

import java.time.Instant;

/**
 * Something that happened to a connection.
 *
 * @param type what happened
 * @param connection the connection id
 * @param connectionType the connection type, or null
 * @param scope the connection scope, or null
 * @param timestamp when it happened, from the injected clock (a move to HALF_OPEN carries the
 *     instant the expiry passed, whoever observed it)
 * @param sequence per connection, increasing by one with each event of that connection
 * @param previousState the state before a STATE_CHANGE; null for other events
 * @param newState the state after a STATE_CHANGE; for other events, the state at that moment
 * @param reason the failure reason, the reason given to a manual operation, or null
 */
public record BramaEvent(EventType type, String connection, String connectionType, String scope,
    Instant timestamp, long sequence, CircuitState previousState, CircuitState newState,
    Object reason) {}
