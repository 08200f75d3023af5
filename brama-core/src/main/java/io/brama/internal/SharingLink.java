package io.brama.internal;

import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.spi.LocalTransition;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The link between one Brama and its sharing module: reports local transitions and outcomes to the
 * {@link Sharing} (after each swap, never for changes it applied itself), and applies its decisions.
 */
final class SharingLink implements SharedCircuits {
  private final Engine engine;
  private final Sharing sharing;
  private volatile boolean detached;

  SharingLink(Engine engine, Sharing sharing) {
    this.engine = engine;
    this.sharing = sharing;
  }

  /** After a computation of {@code core}'s snapshot was installed (or changed nothing). */
  void reportTo(ConnectionCore core, Transition t) {
    Snapshot before = t.before;
    Snapshot after = t.result;
    if (t.remote || detached || after == null || after.state == null) {
      return;
    }
    try {
      boolean reopened = after.state == CircuitState.OPEN && after.generation != before.generation;
      if (before.state != after.state || reopened || t.manual) {
        sharing.transitioned(new LocalTransition(core.id(), before.state, after.state,
            after.state == CircuitState.OPEN ? Duration.ofNanos(after.expiry) : null,
            t.changeReason, t.manual));
      } else if (t.countedFailure) {
        sharing.failed(core.id(), after.settings.maxAttempts);
      }
      if (t.countedSuccess && before.watched) {
        sharing.succeeded(core.id());
      }
    } catch (Throwable e) {
      engine.logError("the sharing module failed on connection '" + core.id() + "'", e);
    }
  }

  void registered(String id) {
    if (!detached) {
      try {
        sharing.registered(id);
      } catch (Throwable e) {
        engine.logError("the sharing module failed on registering '" + id + "'", e);
      }
    }
  }

  void unregistered(String id) {
    if (!detached) {
      try {
        sharing.unregistered(id);
      } catch (Throwable e) {
        engine.logError("the sharing module failed on unregistering '" + id + "'", e);
      }
    }
  }

  @Override
  public boolean openUntil(String id, Instant until, Object reason) {
    Require.notNull(until, "until");
    return onConnection(id, c -> c.remoteOpen(Nanos.of(until), reason));
  }

  /** Applies {@code change} to {@code id}'s circuit; false when it is not registered. */
  private boolean onConnection(String id, Consumer<ConnectionCore> change) {
    Require.notNull(id, "id");
    ConnectionCore core = engine.find(id);
    if (core == null) {
      return false;
    }
    change.accept(core);
    return true;
  }

  @Override
  public boolean open(String id, Object reason) {
    return onConnection(id, c -> c.openAsFailing(reason));
  }

  @Override
  public boolean close(String id, Object reason) {
    return onConnection(id, c -> c.remoteClose(reason));
  }

  @Override
  public boolean watchSuccesses(String id, boolean watch) {
    return onConnection(id, c -> c.watchSuccesses(watch));
  }

  @Override
  public boolean report(String id, Object reason) {
    return onConnection(id, c -> c.sharedStateEvent(reason));
  }

  @Override
  public ConnectionStatus status(String id) {
    Require.notNull(id, "id");
    ConnectionCore core = engine.find(id);
    if (core == null) {
      return null;
    }
    try {
      return core.status();
    } catch (io.brama.UnknownConnectionException e) {
      return null; // unregistered meanwhile
    }
  }

  @Override
  public Instant now() {
    return Nanos.toInstant(engine.time().now());
  }

  @Override
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (ConnectionCore core : engine.cores()) {
      if (!core.removed()) {
        ids.add(core.id());
      }
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public void detach() {
    detached = true;
    engine.detach(this);
  }
}
