package io.brama.stress;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rules one connection's delivered event log must follow, whatever the interleaving. */
final class EventChecks {
  private EventChecks() {}

  static String show(BramaEvent e, Instant start) {
    return "#" + e.sequence() + " " + e.type() + " @" + Duration.between(start, e.timestamp())
        .toMillis() + (e.type() == EventType.STATE_CHANGE ? " " + e.previousState() + "->"
        + e.newState() : " in " + e.newState()) + (e.reason() == null ? "" : " (" + e.reason() + ")");
  }

  static List<String> check(List<BramaEvent> log, CircuitState finalState, boolean perCall,
      Instant start, int successes, int failures, int rejections) {
    List<String> problems = new ArrayList<>();
    if (log.isEmpty() || log.get(0).type() != EventType.REGISTERED) {
      problems.add("the log does not start with REGISTERED");
    }
    CircuitState state = CircuitState.CLOSED;
    int opens = 0;
    Instant openAt = null;
    Instant last = null;
    int seenSuccess = 0;
    int seenFailure = 0;
    int seenRejected = 0;
    for (int i = 0; i < log.size(); i++) {
      BramaEvent e = log.get(i);
      BramaEvent before = i == 0 ? null : log.get(i - 1);
      String at = "event #" + e.sequence() + " (" + show(e, start) + ")";
      if (e.sequence() != i + 1) {
        problems.add(at + " delivered at position " + (i + 1) + ": sequence gap or reordering");
      }
      if (last != null && e.timestamp().isBefore(last)) {
        problems.add(at + " is stamped before the event delivered ahead of it");
      }
      last = e.timestamp();
      switch (e.type()) {
        case SUCCESS -> seenSuccess++;
        case FAILURE -> {
          if (CircuitLinTest.isTimeout(e)) {
            BramaEvent next = i + 1 < log.size() ? log.get(i + 1) : null;
            if (next == null || next.type() != EventType.STATE_CHANGE
                || next.previousState() != CircuitState.HALF_OPEN
                || next.newState() != CircuitState.OPEN || !next.timestamp().equals(e.timestamp())) {
              problems.add(at + ": a trial timeout not followed by HALF_OPEN->OPEN at its instant");
            }
          } else {
            seenFailure++;
          }
        }
        case REJECTED -> seenRejected++;
        case STATE_CHANGE -> {
          if (e.previousState() != state) {
            problems.add(at + ": previous state " + e.previousState() + " but the circuit was "
                + state + " (a transition reported twice, or one missing)");
          }
          if (e.previousState() == e.newState()) {
            problems.add(at + ": a STATE_CHANGE to the same state");
          }
          CircuitState to = e.newState();
          if (to == CircuitState.OPEN) {
            opens = e.previousState() == CircuitState.HALF_OPEN ? opens + 1 : 1;
            openAt = e.timestamp();
            if (perCall && (before == null || before.type() != EventType.FAILURE
                || !before.timestamp().equals(e.timestamp())
                || !java.util.Objects.equals(before.reason(), e.reason()))) {
              problems.add(at + ": an automatic open not directly after its FAILURE");
            }
          } else if (to == CircuitState.HALF_OPEN) {
            Instant due = openAt == null ? null
                : openAt.plusMillis(CircuitModel.expiryMs(opens));
            if (!e.timestamp().equals(due)) {
              problems.add(at + ": OPEN->HALF_OPEN stamped " + e.timestamp() + ", expiry was "
                  + due);
            }
          } else if (to == CircuitState.CLOSED) {
            opens = 0;
            if (perCall && (before == null || before.type() != EventType.SUCCESS
                || !before.timestamp().equals(e.timestamp()))) {
              problems.add(at + ": a trial-success close not directly after its SUCCESS");
            }
          }
          state = to;
        }
        default -> { }
      }
    }
    if (state != finalState) {
      problems.add("the last STATE_CHANGE leaves " + state + " but the circuit is " + finalState);
    }
    if (perCall) {
      if (seenSuccess != successes) {
        problems.add(successes + " successes reported, " + seenSuccess + " SUCCESS events");
      }
      if (seenFailure != failures) {
        problems.add(failures + " failures reported, " + seenFailure + " FAILURE events");
      }
      if (seenRejected != rejections) {
        problems.add(rejections + " refusals, " + seenRejected + " REJECTED events");
      }
    } else if (seenSuccess + seenFailure + seenRejected != 0) {
      problems.add("per-call events delivered to a subscription that did not ask for them");
    }
    return problems;
  }
}
