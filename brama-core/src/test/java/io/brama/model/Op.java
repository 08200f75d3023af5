package io.brama.model;

import io.brama.model.ReferenceModel.Kind;
import io.brama.model.Specs.ConfigSpec;
import io.brama.model.Specs.RegSpec;
import java.time.Duration;

/**
 * One step of a generated sequence. Steps name what they do; those that depend on the state (which
 * permit, how far to the next expiry) are resolved when they run, and the run log says how.
 */
sealed interface Op {

  /** Runs this step against the implementation and the model, and compares what they did. */
  void run(Harness h);

  /** register(id, registration), or registerIfAbsent. */
  record Register(String id, RegSpec reg, boolean ifAbsent) implements Op {
    @Override
    public void run(Harness h) {
      h.register(this);
    }

    @Override
    public String toString() {
      return (ifAbsent ? "registerIfAbsent(" : "register(") + id
          + (reg.equals(RegSpec.PLAIN) ? "" : ", " + reg) + ")";
    }
  }

  record Unregister(String id) implements Op {
    @Override
    public void run(Harness h) {
      h.unregister(this);
    }

    @Override
    public String toString() {
      return "unregister(" + id + ")";
    }
  }

  /** available(id), through the Brama or through the connection's Circuit handle. */
  record Available(String id, boolean viaHandle) implements Op {
    @Override
    public void run(Harness h) {
      h.available(this);
    }

    @Override
    public String toString() {
      return (viaHandle ? "handle(" + id + ").available()" : "available(" + id + ")");
    }
  }

  /** tryAcquire(id); the permit is kept for later {@link Complete} steps. */
  record TryAcquire(String id, boolean viaHandle) implements Op {
    @Override
    public void run(Harness h) {
      h.tryAcquire(this);
    }

    @Override
    public String toString() {
      return (viaHandle ? "handle(" + id + ").tryAcquire()" : "tryAcquire(" + id + ")");
    }
  }

  /**
   * A probe: if the connection is OPEN, the clock moves exactly to its halfOpensAt; then
   * tryAcquire(id). (Trial permits are rare in purely random sequences.)
   */
  record Probe(String id) implements Op {
    @Override
    public void run(Harness h) {
      h.probe(this);
    }

    @Override
    public String toString() {
      return "probe(" + id + "): advanceTo(" + id + ".halfOpensAt), tryAcquire(" + id + ")";
    }
  }

  /**
   * Completes a permit taken earlier: {@code back} = 0 is the newest permit, 1 the one before, and
   * so on (wrapping around); nothing happens when no permit was taken yet. With {@code atDeadline}
   * (-1 ms, 0 or +1 ms), the newest trial permit still outstanding is completed instead (if there
   * is one), and the clock first moves to its deadline plus that offset, in the same step (no other
   * operation looks in between).
   */
  record Complete(int back, Kind kind, String reason, Duration elapsed, Duration atDeadline)
      implements Op {
    @Override
    public void run(Harness h) {
      h.complete(this);
    }

    @Override
    public String toString() {
      String p = atDeadline != null ? "atItsDeadline" + (atDeadline.isZero() ? ""
          : atDeadline.isNegative() ? "-1ms" : "+1ms") + "(newestTrialPermit)"
          : back == 0 ? "newestPermit" : "permit[-" + back + "]";
      return switch (kind) {
        case SUCCESS -> p + ".success(" + (elapsed == null ? "" : elapsed) + ")";
        case FAILURE -> p + ".failure(" + reason + (elapsed == null ? "" : ", " + elapsed) + ")";
        case IGNORE -> p + ".ignore()";
      };
    }
  }

  /** Asks a permit taken earlier ({@code back} as in {@link Complete}) for its retryAfter(). */
  record AskRetryAfter(int back) implements Op {
    @Override
    public void run(Harness h) {
      h.askRetryAfter(this);
    }

    @Override
    public String toString() {
      return (back == 0 ? "newestPermit" : "permit[-" + back + "]") + ".retryAfter()";
    }
  }

  /** success(id), failure(id) or failure(id, reason). */
  record Report(String id, Kind kind, boolean withReason, String reason, boolean viaHandle)
      implements Op {
    @Override
    public void run(Harness h) {
      h.report(this);
    }

    @Override
    public String toString() {
      String target = viaHandle ? "handle(" + id + ")." : "";
      String args = viaHandle ? "" : id;
      if (kind == Kind.SUCCESS) {
        return target + "success(" + args + ")";
      }
      String r = withReason ? (viaHandle ? "" : ", ") + reason : "";
      return target + "failure(" + args + r + ")";
    }
  }

  record Configure(String id, ConfigSpec config) implements Op {
    @Override
    public void run(Harness h) {
      h.configure(this);
    }

    @Override
    public String toString() {
      return "configure(" + id + ", " + config + ")";
    }
  }

  /** open(id), open(id, reason) or open(id, reason, duration). */
  record Open(String id, boolean withReason, String reason, Duration duration) implements Op {
    @Override
    public void run(Harness h) {
      h.open(this);
    }

    @Override
    public String toString() {
      return "open(" + id + (withReason || duration != null ? ", " + reason : "")
          + (duration == null ? "" : ", " + duration) + ")";
    }
  }

  record Reset(String id, boolean withReason, String reason) implements Op {
    @Override
    public void run(Harness h) {
      h.reset(this);
    }

    @Override
    public String toString() {
      return "reset(" + id + (withReason ? ", " + reason : "") + ")";
    }
  }

  /** What to target when advancing the clock. */
  enum AdvanceTarget {
    BY, TO_EXPIRY, TO_TRIAL_DEADLINE, TO_NEWEST_PERMIT_DEADLINE;
  }

  /**
   * Advances the ManualClock: by a fixed amount, or to the next expiry (halfOpensAt) or the oldest
   * trial's deadline of a connection (or the newest permit's, if it is an outstanding trial), plus
   * {@code offset} (-1 ms, -1 ns, 0, +1 ms). A target in the past or
   * absent advances by zero.
   */
  record Advance(AdvanceTarget target, Duration amount, String id, Duration offset) implements Op {
    static Advance by(Duration amount) {
      return new Advance(AdvanceTarget.BY, amount, null, null);
    }

    @Override
    public void run(Harness h) {
      h.advance(this);
    }

    @Override
    public String toString() {
      String off = offset == null || offset.isZero() ? ""
          : (offset.isNegative() ? " - " + offset.negated() : " + " + offset);
      return switch (target) {
        case BY -> "advance(" + amount + ")";
        case TO_EXPIRY -> "advanceTo(" + id + ".halfOpensAt" + off + ")";
        case TO_TRIAL_DEADLINE -> "advanceTo(" + id + ".oldestTrialDeadline" + off + ")";
        case TO_NEWEST_PERMIT_DEADLINE -> "advanceTo(newestPermit.trialDeadline" + off + ")";
      };
    }
  }

  enum Look { STATUS, HANDLE_STATUS, STATE, STATUSES, IS_REGISTERED, CIRCUIT }

  /** Observes: status(id), handle state(), statuses(), isRegistered(id), circuit(id). */
  record Observe(String id, Look look) implements Op {
    @Override
    public void run(Harness h) {
      h.observe(this);
    }

    @Override
    public String toString() {
      return switch (look) {
        case STATUS -> "status(" + id + ")";
        case HANDLE_STATUS -> "handle(" + id + ").status()";
        case STATE -> "handle(" + id + ").state()";
        case STATUSES -> "statuses()";
        case IS_REGISTERED -> "isRegistered(" + id + ")";
        case CIRCUIT -> "circuit(" + id + ")";
      };
    }
  }

  /** What the action of a {@link Call} does after the clock moved by {@code inside}. */
  enum Behaviour { RETURN, THROW_IAE, THROW_ISE, THROW_IO }

  /**
   * How a {@link Call} goes through the gate: Brama.call, Circuit.call, Brama.run, call with a
   * fallback, or Brama.call with a custom error handler (always ignore; throws; returns null;
   * "flip": an exception is a success and a return a failure).
   */
  enum Route {
    CALL, HANDLE, RUN, FALLBACK, HANDLER_IGNORE, HANDLER_THROWS, HANDLER_NULL, HANDLER_FLIP
  }

  /** A decorated call; the action advances the clock by {@code inside}, then returns or throws. */
  record Call(String id, Behaviour behaviour, Duration inside, Route route) implements Op {
    @Override
    public void run(Harness h) {
      h.call(this);
    }

    @Override
    public String toString() {
      String action = "{advance(" + inside + "); " + switch (behaviour) {
        case RETURN -> "return \"ok\"";
        case THROW_IAE -> "throw IllegalArgumentException";
        case THROW_ISE -> "throw IllegalStateException";
        case THROW_IO -> "throw IOException";
      } + "}";
      return switch (route) {
        case CALL -> "call(" + id + ", " + action + ")";
        case HANDLE -> "handle(" + id + ").call(" + action + ")";
        case RUN -> "run(" + id + ", " + action.replace("return \"ok\"", "return") + ")";
        case FALLBACK -> "call(" + id + ", " + action + ", e -> \"fallback\")";
        case HANDLER_IGNORE -> "call(" + id + ", handler: always ignore, " + action + ")";
        case HANDLER_THROWS -> "call(" + id + ", handler: throws, " + action + ")";
        case HANDLER_NULL -> "call(" + id + ", handler: returns null, " + action + ")";
        case HANDLER_FLIP -> "call(" + id + ", handler: exception=success, return=failure, "
            + action + ")";
      };
    }
  }
}
