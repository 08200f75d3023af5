package io.brama.internal;

import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.Outcome;
import io.brama.spi.CallObserver;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A granted permit followed by the Brama's {@link CallObserver}: made per call, and only when an
 * observer is registered. It records through the permit it wraps, then tells the observer the
 * outcome, once (a second completion records what the wrapped permit records, and tells nothing).
 */
public final class ObservedPermit extends GatePermit {
  private static final System.Logger LOG = System.getLogger("io.brama.Brama");
  private static final VarHandle ENDED;

  static {
    try {
      ENDED = MethodHandles.lookup().findVarHandle(ObservedPermit.class, "ended", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final GatePermit permit;
  private final CallObserver.Call call;
  @SuppressWarnings("unused") // through ENDED
  private volatile boolean ended;

  private ObservedPermit(GatePermit permit, CallObserver.Call call) {
    this.permit = permit;
    this.call = call;
  }

  /** {@code permit} followed by the observer, when it is granted and {@code core} has one. */
  static GatePermit of(ConnectionCore core, GatePermit permit) {
    CallObserver observer = core.observer;
    if (observer == null || !permit.granted()) {
      return permit;
    }
    CallObserver.Call call;
    try {
      call = observer.admitted(core.id(),
          permit instanceof TrialPermit ? CircuitState.HALF_OPEN : CircuitState.CLOSED);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "call observer " + observer.getClass().getName() + " failed on "
          + "an admitted call to '" + core.id() + "'", e);
      return permit;
    }
    return call == null ? permit : new ObservedPermit(permit, call);
  }

  /** Tells the observer of {@code core}, if any, of a refused call. */
  static void refused(ConnectionCore core, CircuitOpenException rejection) {
    CallObserver observer = core.observer;
    if (observer == null) {
      return;
    }
    try {
      CircuitState state = core.state.kind();
      observer.rejected(core.id(), state == null ? CircuitState.OPEN : state, rejection);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "call observer " + observer.getClass().getName() + " failed on "
          + "a rejected call to '" + core.id() + "'", e);
    }
  }

  @Override
  ConnectionCore core() {
    return permit.core();
  }

  @Override
  long grantedAt() {
    return permit.grantedAt();
  }

  @Override
  void record(boolean success, Object reason, long elapsedNanos) {
    try {
      permit.record(success, reason, elapsedNanos);
    } finally {
      end(success ? Outcome.Kind.SUCCESS : Outcome.Kind.FAILURE, success ? null : reason);
    }
  }

  @Override
  public void ignore() {
    try {
      permit.ignore();
    } finally {
      end(Outcome.Kind.IGNORE, null);
    }
  }

  private void end(Outcome.Kind outcome, Object reason) {
    if (!ENDED.compareAndSet(this, false, true)) {
      return;
    }
    try {
      call.ended(outcome, reason);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "call observer failed at the end of a call to '" + core().id()
          + "'", e);
    }
  }

  @Override
  public String toString() {
    return permit + " (observed)";
  }
}
