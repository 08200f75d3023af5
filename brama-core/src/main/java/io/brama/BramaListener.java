package io.brama;

/**
 * Receives events. Runs on the Brama's event executor, one event at a time per subscription, in
 * sequence order per connection. A listener that throws is logged and keeps its subscription.
 */
@FunctionalInterface
public interface BramaListener {
  /**
   * Handles one event.
   *
   * @param event the event
   */
  void onEvent(BramaEvent event);
}
