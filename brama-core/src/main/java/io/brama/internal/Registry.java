package io.brama.internal;

import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionAlreadyRegisteredException;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import io.brama.Registration;
import io.brama.UnknownConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which connections a Brama has: registering and unregistering them, and the lookup by id. Every
 * operation by id goes through {@link #require} (or, where an id may name nothing, {@link #find});
 * what else happens when a connection comes or goes (the sharing module, its timer, its monitor) is
 * the {@link Engine}'s.
 */
public final class Registry extends ConnectionTable {
  private final Engine engine;
  private final Lifecycle lifecycle;
  /** The settings of a connection registered without overrides (shared by all of them). */
  private final Settings defaults;
  private final boolean countCalls;

  Registry(Engine engine, Lifecycle lifecycle, Settings defaults, boolean countCalls) {
    this.engine = engine;
    this.lifecycle = lifecycle;
    this.defaults = defaults;
    this.countCalls = countCalls;
  }

  /**
   * The lookup: the connection registered as {@code id}, or what {@link Lifecycle#unusable} says
   * (NullPointerException, UnknownConnectionException, or IllegalStateException once closed). It
   * takes no lock and reads no state: a connection being unregistered is still returned, and its
   * operations then throw as for an unknown id.
   */
  public ConnectionCore require(String id) {
    ConnectionCore core;
    if (id == null || (core = get(id)) == null) {
      throw lifecycle.unusable(id);
    }
    return core;
  }

  /** The connection registered as {@code id}, or null when it is null, unknown or unregistered. */
  public ConnectionCore find(String id) {
    ConnectionCore core = id == null ? null : get(id);
    return core == null || core.removed() ? null : core;
  }

  /** What an operation on {@code id} throws when {@link #find} does not answer it. */
  public RuntimeException unusable(String id) {
    return lifecycle.unusable(id);
  }

  /** Registers {@code id}; with {@code ifAbsent} an existing registration is returned instead. */
  public ConnectionCore register(String id, Registration registration, boolean ifAbsent) {
    Require.id(id);
    Require.notNull(registration, "registration");
    lifecycle.ensureOpen();
    // Connections without overrides share the defaults: one Settings object for all of them.
    Settings settings = registration.config().equals(ConnectionConfig.empty()) ? defaults
        : defaults.with(registration.config());
    ConnectionCore predecessor = null;
    for (;;) {
      ConnectionCore existing = get(id);
      if (existing != null) {
        if (existing.removed()) {
          // An unregistered connection whose events are still on their way: take its place; the
          // bus delivers its last events before this registration's first.
          remove(existing);
          predecessor = existing;
          continue;
        }
        if (ifAbsent) {
          return existing;
        }
        throw new ConnectionAlreadyRegisteredException(id);
      }
      ConnectionCore core = new ConnectionCore(engine, id, registration.type(),
          registration.scope(), registration.metadata(), settings, 1, countCalls);
      if (putIfAbsent(core) == null) {
        if (lifecycle.isClosed()) {
          core.terminate();
          remove(core);
          throw Lifecycle.closedException();
        }
        engine.bus().post(core, new BramaEvent(EventType.REGISTERED, id, core.type(),
            core.scope(), Nanos.toInstant(engine.time().now()), 1, null, CircuitState.CLOSED,
            null), predecessor);
        engine.registered(core);
        return core;
      }
    }
  }

  /** Removes {@code id}; false if it was not registered. */
  public boolean unregister(String id) {
    Require.notNull(id, "id");
    lifecycle.ensureOpen();
    ConnectionCore core = get(id);
    return core != null && unregister(core);
  }

  /**
   * Removes {@code core}; false if it was already unregistered. It stays in the table until the bus
   * has delivered its last event (see {@link EventBus}).
   */
  boolean unregister(ConnectionCore core) {
    boolean removed = core.remove();
    engine.unregistered(core, removed);
    return removed;
  }

  /** Whether {@code id} is registered. */
  public boolean isRegistered(String id) {
    Require.notNull(id, "id");
    lifecycle.ensureOpen();
    return find(id) != null;
  }

  /** Whether every connection counts its calls. */
  public boolean countsCalls() {
    lifecycle.ensureOpen();
    return countCalls;
  }

  /** Every connection's status, sorted by id. */
  public List<ConnectionStatus> statuses() {
    lifecycle.ensureOpen();
    List<ConnectionCore> cores = values();
    // settled in id order, so that the events of moves that are due come in a stable order
    cores.sort(Comparator.comparing(ConnectionCore::id));
    List<ConnectionStatus> all = new ArrayList<>(cores.size());
    for (ConnectionCore core : cores) {
      try {
        all.add(core.status());
      } catch (UnknownConnectionException e) {
        // unregistered while we looked: not part of the picture
      }
    }
    return all;
  }
}
