package io.brama.dashboard;

import io.brama.BramaEvent;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans each Brama event out to every open {@link EventStream}: serialized once, offered to each
 * stream's bounded queue. It never blocks the Brama's event thread, and does no I/O on it; a stream
 * that cannot keep up is dropped (and closed).
 *
 * <p>It also keeps the last {@link #HISTORY} events, each with an id {@code <boot>.<n>} ({@code n}
 * counts this hub's events, {@code boot} tells this dashboard from an earlier one on the same
 * port). A new stream first gets the kept events after the id its client last saw (all of them for a
 * newcomer), then a {@code live} event, then each new event: replay and subscription happen under one
 * lock, so no event falls between them and none comes twice.
 */
final class EventHub {
  /** Events kept for newcomers: the last few hundred. */
  static final int HISTORY = 500;
  private static final System.Logger LOG = System.getLogger("io.brama.dashboard");

  /** One kept event: its number, id and JSON, and its SSE frame. */
  record Kept(long number, String id, String json, String frame) {}

  private final Json json;
  private final String boot;
  private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private final Object lock = new Object();
  private final ArrayDeque<Kept> history = new ArrayDeque<>(); // guarded by lock
  private long count; // guarded by lock

  /** {@code boot} must differ between dashboards that may serve one browser (a start instant). */
  EventHub(Json json, String boot) {
    this.json = json;
    this.boot = boot;
  }

  /** The Brama listener: one SSE frame per event, kept and offered to every stream. */
  void publish(BramaEvent event) {
    String data;
    try {
      data = json.event(event);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "dashboard: could not serialize " + event.type() + " of "
          + event.connection(), e);
      return;
    }
    synchronized (lock) {
      long number = ++count;
      String id = boot + "." + number;
      String frame = "id: " + id + "\ndata: " + data + "\n\n";
      history.addLast(new Kept(number, id, data, frame));
      if (history.size() > HISTORY) {
        history.removeFirst();
      }
      for (EventStream stream : streams) {
        offer(stream, frame);
      }
    }
  }

  /**
   * Starts delivering events to {@code stream}: first the kept events after {@code lastEventId} (at
   * most {@code replayLimit}, the newest), then a {@code live} event saying how many were replayed and
   * whether some were lost, then every new event.
   *
   * @param lastEventId the id the client saw last (Last-Event-ID), or null for a newcomer
   */
  void add(EventStream stream, String lastEventId, int replayLimit) {
    synchronized (lock) {
      long after = after(lastEventId);
      List<Kept> replay = new ArrayList<>();
      for (Kept k : history) {
        if (k.number() > after) {
          replay.add(k);
        }
      }
      boolean gap = after > 0 && (history.isEmpty() ? after < count
          : history.peekFirst().number() > after + 1);
      if (replay.size() > replayLimit) {
        gap = true;
        replay = replay.subList(replay.size() - replayLimit, replay.size());
      }
      for (Kept k : replay) {
        stream.offer(k.frame());
      }
      stream.offer("event: live\ndata: {\"replayed\":" + replay.size() + ",\"gap\":" + gap
          + "}\n\n");
      streams.add(stream);
    }
  }

  /** The kept events after {@code lastEventId} (all for null or another boot's id), oldest first. */
  List<Kept> history(String lastEventId) {
    synchronized (lock) {
      long after = after(lastEventId);
      return history.stream().filter(k -> k.number() > after).toList();
    }
  }

  /** The number after which to replay: 0 (all) unless {@code id} is this hub's {@code boot.n}. */
  private long after(String id) {
    if (id == null || !id.startsWith(boot + ".")) {
      return 0;
    }
    try {
      long n = Long.parseLong(id.substring(boot.length() + 1));
      return n >= 0 && n <= count ? n : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void offer(EventStream stream, String frame) {
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
