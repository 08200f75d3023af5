package io.brama.spring;

import io.brama.Brama;
import io.brama.EventFilter;
import io.brama.Subscription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the Brama's events as Spring application events whose payload is the
 * {@link io.brama.BramaEvent}, so that {@code @EventListener void on(BramaEvent e)} receives them.
 * The lifecycle events ({@link EventFilter#lifecycle()}: SHARED_STATE included, when circuits are
 * shared through Redis) always; per-call events (SUCCESS, FAILURE, REJECTED) only when asked, since
 * the core builds them only for a subscriber that wants them. Listeners run on the Brama's event
 * thread, one subscription's queue: a slow listener delays these events and nothing else.
 */
public final class BramaEventPublisher implements DisposableBean {
  private final Subscription subscription;

  /**
   * Subscribes to {@code brama} now; events posted from then on are published.
   *
   * @param brama the Brama whose events are published
   * @param publisher where the events go
   * @param perCall whether to publish the per-call events too
   */
  public BramaEventPublisher(Brama brama, ApplicationEventPublisher publisher, boolean perCall) {
    EventFilter filter = perCall ? EventFilter.all() : EventFilter.lifecycle();
    this.subscription = brama.subscribe(filter, publisher::publishEvent);
  }

  /** Stops publishing. */
  @Override
  public void destroy() {
    subscription.close();
  }
}
