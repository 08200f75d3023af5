package io.brama.redis;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.spi.LocalTransition;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.time.Duration;
import java.util.Optional;

/**
 * This instance's part in the fleet: what the core and the Redis link report, each handed to the
 * fleet's one thread (callers, the timer and Lettuce's threads only enqueue, so replies and
 * messages are handled one at a time, in the order they arrived, and nothing ever waits), and what
 * happens when Redis is lost and found again. The work itself is done by {@link FailureCount}
 * (the fleet's count), {@link Pushes} (local decisions out) and {@link Enforcer} (shared states
 * in), over what {@link FleetContext} holds.
 */
final class Fleet implements Sharing {
  private static final Duration RESYNC = Duration.ofSeconds(5);

  private final FleetContext fleet;
  private final Enforcer enforcer;
  private final Pushes pushes;
  private final FailureCount count;
  private final ChannelGuard guard;

  Fleet(RedisSharingConfig config) {
    this.fleet = new FleetContext(config);
    this.enforcer = new Enforcer(fleet);
    this.pushes = new Pushes(fleet, enforcer);
    this.count = new FailureCount(fleet, enforcer);
    this.guard = new ChannelGuard(new Keys(config).channel());
  }

  void bind(SharedCircuits circuits, RedisLink link) {
    FleetCommands commands = new FleetCommands(fleet.config, link);
    fleet.serial.run(() -> {
      fleet.circuits = circuits;
      fleet.redis = commands;
    });
    fleet.serial.every(RESYNC, this::resync);
  }

  void close() {
    fleet.serial.close();
  }

  // ---- what this instance does (any thread: enqueue only) ----

  @Override
  public void registered(String id) {
    fleet.serial.run(() -> follow(id));
  }

  @Override
  public void unregistered(String id) {
    fleet.serial.run(() -> follow(id));
  }

  @Override
  public void failureRecorded(String id) {
    if (fleet.config.quorum() == 0) {
      fleet.serial.run(() -> count.failure(id));
    }
  }

  @Override
  public void succeeded(String id) {
    fleet.serial.run(() -> count.success(id));
  }

  @Override
  public void transitioned(LocalTransition t) {
    fleet.transitions.count(t.id());
    fleet.serial.run(() -> pushes.share(t));
  }

  void onMessage(String message) {
    fleet.serial.run(() -> handle(message));
  }

  void onUp() {
    fleet.serial.run(this::reconcile);
  }

  /**
   * The channel's subscription was confirmed (again, after a reconnection): a message published
   * while it was not is lost, so every connection is read once Redis answers.
   */
  void onSubscribed() {
    fleet.serial.run(() -> {
      if (fleet.up()) {
        fleet.known.keySet().forEach(enforcer::read);
      }
    });
  }

  void onDown(Throwable cause) {
    fleet.serial.run(() -> fleet.known.keySet().forEach(id -> fleet.circuits.report(id,
        "shared state unreachable, breaking locally: " + cause)));
  }

  /** Redis refuses the scripts ({@code error}), or runs them again (null): one event each. */
  void onRefused(String error) {
    fleet.serial.run(() -> fleet.known.keySet().forEach(id -> fleet.circuits.report(id,
        error == null ? "shared state accepted again"
            : "shared state refused by Redis, breaking locally: " + error)));
  }

  // ---- on the serial thread ----

  /**
   * Follows {@code id}'s registration as the registry holds it now, not as the callback says: an
   * unregister and a register on two threads report in either order, and following the order of
   * the reports left a registered connection unknown here (never shared again).
   */
  private void follow(String id) {
    // (before bind, attach reports the connections registered then: no registry to ask yet)
    if (fleet.circuits != null && fleet.circuits.status(id) == null) {
      fleet.known.remove(id);
      fleet.transitions.forget(id);
      return;
    }
    fleet.known.putIfAbsent(id, new Known());
    if (fleet.up()) {
      enforcer.read(id);
    }
  }

  /** A channel message; one that is not Brama's (another publisher) is dropped. */
  private void handle(String text) {
    Optional<Message> decoded = guard.admit(text, fleet.clock.redis(fleet.circuits.now()));
    if (decoded.isEmpty()) {
      return;
    }
    Message m = decoded.get();
    Known k = fleet.known.get(m.id());
    if (k == null) {
      return;
    }
    if (m.state() != null && m.state().version() < k.version
        && m.state().open() != k.sharedOpen) {
      // older than what was seen here: in flight, or Redis lost the newer state (Enforcer)
      enforcer.read(m.id());
      return;
    }
    if (m.state() == null) {
      count.announced(m.id(), k, m.kind() == Message.Kind.DIRTY);
    } else if (!(k.pushing && fleet.config.instanceId().equals(m.state().by()))) {
      // (while a push is on its way, this instance's own message is that push's: its reply
      // follows and settles the local state, which may have moved on meanwhile)
      enforcer.apply(m.id(), m.state());
    }
  }

  /**
   * Redis answers (again). A connection whose state changed here meanwhile shares the latest change
   * as it was decided (a manual one unconditionally, else on the version seen then, so a newer
   * shared state wins), not the local state now: a message may have changed that since. The others
   * read the shared state and apply it if it is newer.
   */
  private void reconcile() {
    for (var e : fleet.known.entrySet()) {
      String id = e.getKey();
      Known k = e.getValue();
      fleet.circuits.report(id, "shared state reachable");
      if (k.changedWhileDown) {
        boolean manual = k.manualWhileDown;
        k.changedWhileDown = false;
        k.manualWhileDown = false;
        Duration left = k.downState == CircuitState.OPEN
            ? Duration.between(fleet.circuits.now(), k.downUntil) : null;
        if (left == null || !left.isNegative()) {
          pushes.push(new LocalTransition(id, k.downState, k.downState, left,
              "decided while Redis was unreachable", manual), k, manual ? -1 : k.downBase,
              k.downAt);
          continue;
        }
      }
      enforcer.read(id);
    }
  }

  /** Every few seconds: reads the connections that are not quietly closed (missed messages). */
  private void resync() {
    if (!fleet.up()) {
      return;
    }
    for (var e : fleet.known.entrySet()) {
      ConnectionStatus local = fleet.circuits.status(e.getKey());
      if (e.getValue().sharedOpen || e.getValue().dirty
          || (local != null && local.state() != CircuitState.CLOSED)) {
        enforcer.read(e.getKey());
      }
    }
  }
}
