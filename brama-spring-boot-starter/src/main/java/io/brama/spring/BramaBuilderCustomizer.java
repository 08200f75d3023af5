package io.brama.spring;

import io.brama.Brama;

/**
 * Adjusts the builder of the auto-configured {@link Brama} before it is built: a clock, an event
 * executor, a queue capacity. Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface BramaBuilderCustomizer {
  /**
   * Changes {@code builder}; its {@code config} is already set from the properties.
   *
   * @param builder the builder the starter's Brama is built from
   */
  void customize(Brama.Builder builder);
}
