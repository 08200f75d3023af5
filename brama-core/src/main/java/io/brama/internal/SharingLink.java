package io.brama.internal;

import io.brama.ConnectionStatus;
import io.brama.spi.LocalTransition;
import io.brama.spi.SharedCircuits;
import io.brama.spi.Sharing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The link between one Brama and its sharing module: reports local transitions and outcomes to the
 * {@link Sharing} (after each swap, never for changes it applied itself), and applies its decisions.
 */
public final class SharingLink implements SharedCircuits {
  private final Engine engine;
  private final Sharing sharing;
  private volatile boolean detached;

  SharingLink(Engine engine, Sharing sharing) {
    this.engine = engine;
    this.sharing = sharing;
  }

  /** After a computation of {@code core}'s snapshot was installed (or changed nothing). */
  void reportTo(ConnectionCore core, Change c) {
    State before = c.before;
    State after = c.result;
    if (c.remote || detached || after == null || after instanceof Removed) {
      return;
    }
    try {
      boolean reopened = after instanceof Open && after.generation != before.generation;
      if (before.kind() != after.kind() || reopened || c.manual) {
        sharing.transitioned(new LocalTransition(core.id(), before.kind(), after.kind(),
            after instanceof Open ? Duration.ofNanos(after.expiry) : null,
            c.changeReason, c.manual));
      } else if (c.failureRecorded) {
        sharing.failureRecorded(core.id());
      }
      if (c.successRecorded && before.watched) {
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
    return apply(id, true, Inputs.openUntil(Nanos.of(until), reason));
  }

  /**
   * Applies {@code rule} to {@code id}'s circuit, settled first; false when it is not registered.
   * With {@code remote} the change is the module's own and not reported back to it.
   */
  private boolean apply(String id, boolean remote, Inputs.Rule rule) {
    Require.notNull(id, "id");
    ConnectionCore core = engine.registry().find(id);
    if (core == null) {
      return false;
    }
    core.run((s, c) -> {
      c.remote = remote;
      return rule.apply(s, c);
    }, false);
    return true;
  }

  @Override
  public boolean open(String id, Object reason) {
    return apply(id, false, Inputs.openAsFailing(reason));
  }

  @Override
  public boolean close(String id, Object reason) {
    return apply(id, true, Inputs.remoteClose(reason));
  }

  @Override
  public boolean watchSuccesses(String id, boolean watch) {
    return apply(id, true, Inputs.watch(watch));
  }

  @Override
  public boolean report(String id, Object reason) {
    return apply(id, true, Inputs.sharedStateEvent(reason));
  }

  @Override
  public ConnectionStatus status(String id) {
    Require.notNull(id, "id");
    ConnectionCore core = engine.registry().find(id);
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
    for (ConnectionCore core : engine.registry().values()) {
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
