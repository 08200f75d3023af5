/**
 * For modules that share circuit state between instances (such as {@code brama-redis}): a
 * {@link io.brama.spi.Sharing} attached with {@link io.brama.Brama#attach(Sharing)} observes this
 * instance's outcomes and transitions, and the {@link io.brama.spi.SharedCircuits} it gets back
 * applies the other instances' decisions. The local circuit stays authoritative: nothing here is on
 * the path of a call, and nothing costs anything while no module is attached.
 */
package io.brama.spi;
