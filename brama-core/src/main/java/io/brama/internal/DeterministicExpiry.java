package io.brama.internal;

import io.brama.ExpiryStrategy;

/**
 * An expiry strategy of core's that answers the same open with the same positive period and never
 * throws: asked directly, without the memo that strategies with jitter (or the application's) need.
 */
interface DeterministicExpiry extends ExpiryStrategy {}
