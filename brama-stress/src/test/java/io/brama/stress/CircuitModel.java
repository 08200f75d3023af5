package io.brama.stress;

import java.util.ArrayList;
import java.util.List;

/**
 * The sequential specification of one connection, written from the state table of
 * docs/state-machine.md and the numbered rules of docs/rules.md (groups S, H and G: the rows, the
 * move to HALF_OPEN, generations and late answers), not from the implementation: a plain
 * single-threaded object with the same operations as {@link CircuitLinTest}. Time is whole milliseconds since the test's
 * start; the expiry strategy is {@code progressive(1 s, 4 s, 2.0)}; {@code maxAttempts} is 2.
 *
 * <p>Lincheck runs the operations of a concurrent history on fresh instances of this class in every
 * candidate order and accepts the history if one order gives the same results.
 */
public class CircuitModel {
  static final int MAX_ATTEMPTS = 2;
  static final long INITIAL_EXPIRY_MS = 1000;
  static final long MAX_EXPIRY_MS = 4000;
  /** How far one {@code advance(step)} moves the clock, per step. */
  static final long STEP_MS = 500;
  static final int SLOTS = 8;

  enum State { CLOSED, OPEN, HALF_OPEN }

  enum Kind { CLOSED, TRIAL, REFUSED }

  /** A permit held by one thread of the test. */
  static final class Held {
    final Kind kind;
    final long generation;
    final long trial;
    boolean done;

    Held(Kind kind, long generation, long trial) {
      this.kind = kind;
      this.generation = generation;
      this.trial = trial;
    }
  }

  /** The n-th consecutive open's expiry: min(max, initial * 2^(n-1)). */
  static long expiryMs(int opens) {
    long e = INITIAL_EXPIRY_MS;
    for (int i = 1; i < opens && e < MAX_EXPIRY_MS; i++) {
      e *= 2;
    }
    return Math.min(e, MAX_EXPIRY_MS);
  }

  static String timeoutReason(long expiryMs) {
    return "half-open trial not completed within " + java.time.Duration.ofMillis(expiryMs);
  }

  private final int trialLimit;
  private long now;
  private State state = State.CLOSED;
  private long generation = 1;
  private int failureCount;
  private int consecutiveOpens;
  private Long openedAt;
  private Long halfOpensAt;
  private long expiry = -1;
  private final List<long[]> trials = new ArrayList<>(); // {id, grantedAt}, oldest first
  private long nextTrialId;
  private Long lastFailureAt;
  private String lastFailureReason;
  private Long lastSuccessAt;
  private final Held[] held = new Held[SLOTS];

  private final boolean withLastSuccess;

  protected CircuitModel(int trialLimit) {
    this(trialLimit, false);
  }

  protected CircuitModel(int trialLimit, boolean withLastSuccess) {
    this.trialLimit = trialLimit;
    this.withLastSuccess = withLastSuccess;
  }

  // ---- the operations (same names and parameters as CircuitLinTest) ----

  public boolean available() {
    settle();
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.HALF_OPEN && trials.size() < trialLimit) {
      addTrial();
      return true;
    }
    return false;
  }

  public String acquire(int tid) {
    settle();
    if (state == State.CLOSED) {
      held[tid] = new Held(Kind.CLOSED, generation, -1);
      return "closed";
    }
    if (state == State.HALF_OPEN && trials.size() < trialLimit) {
      held[tid] = new Held(Kind.TRIAL, generation, addTrial());
      return "trial";
    }
    held[tid] = new Held(Kind.REFUSED, generation, -1);
    return "refused";
  }

  public void permitSuccess(int tid) {
    complete(tid, true);
  }

  public void permitFailure(int tid) {
    complete(tid, false);
  }

  public void permitIgnore(int tid) {
    Held h = held[tid];
    if (h == null || h.kind != Kind.TRIAL || h.done) {
      return; // a CLOSED-state permit's ignore changes nothing; a refused one does nothing
    }
    h.done = true;
    settle();
    if (h.generation == generation && state == State.HALF_OPEN) {
      removeTrial(h.trial);
    }
  }

  public void success() {
    outcome(true, null, -1, -1);
  }

  public void failure(int tid) {
    outcome(false, "n" + tid, -1, -1);
  }

  public String status() {
    settle();
    long retryAfter;
    if (state == State.OPEN) {
      retryAfter = halfOpensAt - now;
    } else if (state == State.HALF_OPEN && trials.size() >= trialLimit) {
      retryAfter = trials.get(0)[1] + expiry - now;
    } else {
      retryAfter = 0;
    }
    return CircuitLinTest.describe(state.name(), failureCount, consecutiveOpens, openedAt,
        halfOpensAt, lastFailureAt, lastFailureReason, withLastSuccess ? lastSuccessAt : null,
        trials.size(),
        Math.max(0, retryAfter));
  }

  public void advance(int step) {
    now += step * STEP_MS;
  }

  // ---- the rules ----

  private void complete(int tid, boolean success) {
    Held h = held[tid];
    if (h == null || h.kind == Kind.REFUSED) {
      return;
    }
    if (h.kind == Kind.TRIAL) {
      if (h.done) {
        return; // only a trial permit's first completion counts
      }
      h.done = true;
      outcome(success, success ? null : "p" + tid, h.generation, h.trial);
    } else {
      outcome(success, success ? null : "p" + tid, h.generation, -1);
    }
  }

  /** {@code gen < 0}: by name. {@code trial < 0}: not a trial permit. */
  private void outcome(boolean success, String reason, long gen, long trial) {
    settle();
    boolean current = gen < 0 || gen == generation;
    if (current && state == State.CLOSED && trial < 0) {
      if (success) {
        lastSuccessAt = now;
        failureCount = 0;
      } else {
        recordFailure(now, reason);
        failureCount++;
        if (failureCount >= MAX_ATTEMPTS) {
          open(now);
        }
      }
      return;
    }
    if (current && state == State.HALF_OPEN) {
      long slot = gen < 0 ? (trials.isEmpty() ? -1 : trials.get(0)[0]) : trial;
      if (slot >= 0 && removeTrial(slot)) {
        if (success) {
          lastSuccessAt = now;
          close();
        } else {
          recordFailure(now, reason);
          open(now);
        }
        return;
      }
    }
    // a late answer: only the last times
    if (success) {
      lastSuccessAt = now;
    } else {
      recordFailure(now, reason);
    }
  }

  private void settle() {
    for (;;) {
      if (state == State.OPEN && now >= halfOpensAt) {
        state = State.HALF_OPEN;
        generation++;
        trials.clear();
      } else if (state == State.HALF_OPEN && !trials.isEmpty()
          && now >= trials.get(0)[1] + expiry) {
        long at = trials.get(0)[1] + expiry;
        recordFailure(at, timeoutReason(expiry));
        open(at);
      } else {
        return;
      }
    }
  }

  private void open(long at) {
    consecutiveOpens++;
    expiry = expiryMs(consecutiveOpens);
    state = State.OPEN;
    generation++;
    failureCount = 0;
    openedAt = at;
    halfOpensAt = at + expiry;
    trials.clear();
  }

  private void close() {
    state = State.CLOSED;
    generation++;
    failureCount = 0;
    consecutiveOpens = 0;
    openedAt = null;
    halfOpensAt = null;
    trials.clear();
  }

  private void recordFailure(long at, String reason) {
    lastFailureAt = at;
    lastFailureReason = reason;
  }

  private long addTrial() {
    long id = nextTrialId++;
    trials.add(new long[] {id, now});
    return id;
  }

  private boolean removeTrial(long id) {
    for (int i = 0; i < trials.size(); i++) {
      if (trials.get(i)[0] == id) {
        trials.remove(i);
        return true;
      }
    }
    return false;
  }
}
