package io.brama.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A half-open trial slot; only its first completion counts. */
public final class TrialPermit extends GatePermit {
  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(TrialPermit.class, "done", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionCore core;
  private final long generation;
  private final long slot;
  private final long grantedAt;
  @SuppressWarnings("unused") // written through DONE
  private volatile boolean done;

  /** A trial; {@code grantedAt} is {@link Nanos#NONE} unless the connection times its calls. */
  TrialPermit(ConnectionCore core, long generation, long slot, long grantedAt) {
    this.core = core;
    this.generation = generation;
    this.slot = slot;
    this.grantedAt = grantedAt;
  }

  @Override
  ConnectionCore core() {
    return core;
  }

  @Override
  long grantedAt() {
    return grantedAt;
  }

  private boolean first() {
    return DONE.compareAndSet(this, false, true);
  }

  @Override
  void record(boolean success, Object reason, long elapsedNanos) {
    if (first()) {
      core.permitOutcome(success, reason, generation, slot, elapsedNanos);
    }
  }

  @Override
  public void ignore() {
    if (first()) {
      core.permitIgnore(generation, slot);
    }
  }

  @Override
  public String toString() {
    return "Permit[" + core.id() + ", trial " + slot + " of generation " + generation + "]";
  }
}
