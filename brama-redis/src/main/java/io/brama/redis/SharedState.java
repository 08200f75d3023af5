package io.brama.redis;

/**
 * One connection's shared state as a script returned it (decoded by {@link SharedStateCodec}).
 *
 * @param version increases with every open and close; 0 before the first
 * @param open whether the fleet's circuit is open
 * @param until when open: when the open period ends (ms, Redis time)
 * @param holder when open: the instance that holds the probe lease
 * @param lease when open: when the lease ends (ms, Redis time)
 * @param by the instance that made the latest change
 * @param redisNow the script's {@code TIME} (ms)
 * @param result the script's own answer: the failure count, or 1/0 for accepted/refused
 */
record SharedState(long version, boolean open, long until, String holder, long lease, String by,
    long redisNow, long result) {}
