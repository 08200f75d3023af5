package io.brama.internal;

import io.brama.ConnectionConfig;
import io.brama.EventType;

/**
 * Every input the state machine takes, as a {@link Rule} over the state in force and the
 * {@link Change} being computed: the list a reader checks against the README's table. Timed moves
 * are applied first ({@link Change#settle}) wherever the README says "any operation". A reported
 * outcome is its own input ({@link State.Report}).
 */
final class Inputs {
  /** One input: the next state of {@code s}, computed into {@code c}. */
  @FunctionalInterface
  interface Rule {
    State apply(State s, Change c);
  }

  static final Rule SETTLE = (s, c) -> c.settle(s);
  static final Rule ACQUIRE = (s, c) -> c.settle(s).acquire(c);
  static final Rule ACQUIRE_PROBE = (s, c) -> c.settle(s).acquireProbe(c);
  static final Rule REMOVE = (s, c) -> {
    c.event(EventType.UNREGISTERED, null, s.kind(), null, c.now);
    return new Removed(c);
  };
  /** The Brama is closing: the end, without an event. */
  static final Rule TERMINATE = (s, c) -> new Removed(c);

  private Inputs() {}

  /** A trial permit completed with ignore. */
  static Rule ignoreTrial(long generation, long trial) {
    return (s, c) -> c.settle(s).ignoreTrial(c, generation, trial);
  }

  /** A health monitor attached or stopped. */
  static Rule monitored(boolean attached) {
    return (s, c) -> {
      c.monitored(attached);
      return s;
    };
  }

  /** Manual open; {@code fixedDuration < 0}: the strategy's next expiry. */
  static Rule manualOpen(Object reason, long fixedDuration) {
    return (s, c) -> {
      c.manual = true;
      return Open.enter(c, c.settle(s), Move.MANUAL_OPEN, c.now, reason, fixedDuration);
    };
  }

  /** Manual close. */
  static Rule reset(Object reason) {
    return (s, c) -> {
      c.manual = true;
      return c.settle(s).reset(c, reason);
    };
  }

  /** Merged overrides; a lower threshold may open at once. */
  static Rule configure(ConnectionConfig overrides) {
    return (s, c) -> {
      State settled = c.settle(s);
      c.settings(settled.settings.with(overrides));
      c.event(EventType.CONFIGURED, null, settled.kind(), overrides, c.now);
      return settled.reconfigured(c);
    };
  }

  // ---- a sharing module's decisions (reported back to it only where said) ----

  /** OPEN until {@code until}; nothing once it has passed. */
  static Rule openUntil(long until, Object reason) {
    return (s, c) -> {
      State settled = c.settle(s);
      return until <= c.now ? settled : settled.remoteOpen(c, until, reason);
    };
  }

  /** Opens a CLOSED circuit as its own failures would (reported, to be shared). */
  static Rule openAsFailing(Object reason) {
    return (s, c) -> c.settle(s).openAsFailing(c, reason);
  }

  /** Closes as a reset does. */
  static Rule remoteClose(Object reason) {
    return (s, c) -> c.settle(s).remoteClose(c, reason);
  }

  /** Whether successes leave the fast path to reach the sharing module. */
  static Rule watch(boolean on) {
    return (s, c) -> {
      c.watched(on);
      return s;
    };
  }

  /** A SHARED_STATE event. */
  static Rule sharedStateEvent(Object reason) {
    return (s, c) -> {
      State settled = c.settle(s);
      c.event(EventType.SHARED_STATE, null, settled.kind(), reason, c.now);
      return settled;
    };
  }
}
