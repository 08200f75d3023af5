package io.brama.dashboard;

import io.brama.BramaEvent;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans each Brama event out to every open {@link EventStream}: serialized once, offered to each
 * stream's bounded queue. It never blocks the Brama's event thread, and does no I/O on it; a stream
 * that cannot keep up is dropped (and closed).
 */
final class EventHub {
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");

  private final Json json;
  private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();

  EventHub(Json json) {
    this.json = json;
  }

  /** The Brama listener: one SSE frame per event. */
  void publish(BramaEvent event) {
    String frame;
    try {
      frame = "data: " + json.event(event) + "\n\n";
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "dashboard: could not serialize " + event.type() + " of "
          + event.connection(), e);
      return;
    }
    for (EventStream stream : streams) {
      EventStream.Offer offer = stream.offer(frame);
      if (offer != EventStream.Offer.QUEUED) {
        streams.remove(stream);
      }
      if (offer == EventStream.Offer.OVERFLOW) {
        dropped.incrementAndGet();
        LOG.log(Level.WARNING, "dashboard: an event stream client fell behind and was "
            + "disconnected; its browser reconnects and reloads");
      }
    }
  }

  /** Starts delivering events to {@code stream}. */
  void add(EventStream stream) {
    streams.add(stream);
  }

  /** Stops delivering events to {@code stream}; called once the stream has ended. */
  void remove(EventStream stream) {
    streams.remove(stream);
  }

  /** Closes every stream (their browsers reconnect). */
  void closeAll() {
    for (EventStream stream : streams) {
      stream.close(); // its end removes it
      streams.remove(stream);
    }
  }

  /** Streams currently receiving events. */
  int size() {
    return streams.size();
  }

  /** Streams disconnected because their client fell a full queue behind. */
  long droppedStreams() {
    return dropped.get();
  }
}
