package io.brama.dashboard;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each connection's states over the last {@link #WINDOW}, from its STATE_CHANGE events: the state at
 * the window's start and the changes since, at most {@link #MAX_CHANGES} per connection (a circuit
 * that flaps faster loses its oldest changes, and its strip starts later), reasons cut to {@link
 * #MAX_REASON} characters. Fed on the Brama's event thread, read by requests.
 */
final class Timelines {
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int MAX_CHANGES = 200;
  static final int MAX_REASON = 300;

  /** One change: at {@code at} (epoch ms) into {@code state}, because of {@code reason}. */
  record Change(long at, CircuitState state, String reason) {}

  /** A copy of one connection's strip: {@code base} from {@code since} (epoch ms), then changes. */
  record Strip(String id, CircuitState base, long since, List<Change> changes) {}

  private final Map<String, Timeline> byId = new ConcurrentHashMap<>();

  /** Starts a strip for every connection present, in its current state from {@code now}. */
  void seed(List<ConnectionStatus> statuses, Instant now) {
    for (ConnectionStatus s : statuses) {
      byId.putIfAbsent(s.id(), new Timeline(s.state(), now.toEpochMilli()));
    }
  }

  /** The Brama listener's part: registrations, state changes and unregistrations. */
  void on(BramaEvent e) {
    long at = e.timestamp().toEpochMilli();
    if (e.type() == EventType.REGISTERED) {
      byId.put(e.connection(), new Timeline(e.newState(), at));
    } else if (e.type() == EventType.UNREGISTERED) {
      byId.remove(e.connection());
    } else if (e.type() == EventType.STATE_CHANGE && e.newState() != null) {
      Timeline t = byId.computeIfAbsent(e.connection(), k -> new Timeline(
          e.previousState() == null ? e.newState() : e.previousState(), at));
      t.add(new Change(at, e.newState(), cut(Json.text(e.reason()))), at - WINDOW.toMillis());
    }
  }

  /** Every strip, cut to the window that ends at {@code now}. */
  List<Strip> strips(Instant now) {
    long from = now.toEpochMilli() - WINDOW.toMillis();
    List<Strip> out = new ArrayList<>(byId.size());
    byId.forEach((id, t) -> out.add(t.strip(id, from)));
    return out;
  }

  /** How many connections have a strip (for tests). */
  int size() {
    return byId.size();
  }

  private static String cut(String reason) {
    return reason == null || reason.length() <= MAX_REASON
        ? reason : reason.substring(0, MAX_REASON - 1) + "…";
  }

  /** One connection's strip; its monitor guards it. */
  private static final class Timeline {
    private CircuitState base;
    private long since;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();

    Timeline(CircuitState base, long since) {
      this.base = base;
      this.since = since;
    }

    synchronized void add(Change change, long windowStart) {
      changes.addLast(change);
      prune(windowStart);
      while (changes.size() > MAX_CHANGES) {
        drop();
      }
    }

    synchronized Strip strip(String id, long windowStart) {
      prune(windowStart);
      return new Strip(id, base, Math.max(since, windowStart), List.copyOf(changes));
    }

    /** Folds the changes made before the window's start into the base state. */
    private void prune(long windowStart) {
      while (!changes.isEmpty() && changes.peekFirst().at() <= windowStart) {
        drop();
      }
    }

    private void drop() {
      Change oldest = changes.removeFirst();
      base = oldest.state();
      since = oldest.at();
    }
  }
}
