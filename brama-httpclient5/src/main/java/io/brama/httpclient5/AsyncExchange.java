package io.brama.httpclient5;

import io.brama.http.HttpCall;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * One admitted async call: the callback the rest of the chain answers (recorded, then passed on
 * to the client's own callback, which completes the caller's future), and the cancellable the rest
 * of the chain sees in place of the caller's future. The caller's {@code cancel} reaches
 * {@link #cancel()}: nothing is recorded and the chain's current step (connection lease, exchange,
 * scheduled retry) is cancelled. The connection's {@code callTimeout} fails the caller's future
 * with the recorded {@code TimeoutException} and cancels the chain's step the same way.
 */
final class AsyncExchange implements AsyncExecCallback, CancellableDependency {
  private final HttpCall call;
  /** The caller's future (the client's {@code ComplexFuture}); null if the client gave none. */
  private final CancellableDependency caller;
  private final AsyncExecCallback downstream;
  /** What the chain is doing now, from {@link #setDependency}. */
  private final AtomicReference<Cancellable> step = new AtomicReference<>();
  /** Set once the client's callback got {@code completed} or {@code failed}: it gets one. */
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean timedOut;

  AsyncExchange(HttpCall call, CancellableDependency caller, AsyncExecCallback downstream) {
    this.call = call;
    this.caller = caller;
    this.downstream = downstream;
  }

  /** Hooks into the caller's future and arms the call timeout, before anything is sent. */
  void start() {
    if (caller != null) {
      caller.setDependency(this); // already cancelled: cancel() runs now
    }
    call.onTimeout(this::timedOut);
  }

  /** Records what {@code error} means for this call: the caller's cancellation, or a failure. */
  void record(Throwable error) {
    if (callerCancelled()) {
      call.cancelled();
    } else {
      call.failed(error);
    }
  }

  // ---- AsyncExecCallback: what the rest of the chain reports ----

  @Override
  public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
      throws HttpException, IOException {
    if (!Exchanges.record(call, response) && timedOut) {
      return null; // the caller already has its TimeoutException; the body is discarded
    }
    return downstream.handleResponse(response, entityDetails);
  }

  @Override
  public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
    if (!timedOut) {
      downstream.handleInformationResponse(response);
    }
  }

  @Override
  public void completed() {
    call.cancelled(); // an exchange that ended without a response records nothing (never here)
    if (ended.compareAndSet(false, true)) {
      downstream.completed();
    }
  }

  @Override
  public void failed(Exception cause) {
    record(cause);
    if (ended.compareAndSet(false, true)) {
      downstream.failed(cause);
    }
  }

  // ---- CancellableDependency: the caller's future as the rest of the chain sees it ----

  @Override
  public void setDependency(Cancellable dependency) {
    step.set(dependency);
    if (isCancelled()) { // cancelled while the chain moved on: cancel its new step too
      dependency.cancel();
    }
  }

  @Override
  public boolean isCancelled() {
    return timedOut || callerCancelled();
  }

  /** The caller cancelled its future (the client's future cancels its dependency, this). */
  @Override
  public boolean cancel() {
    call.cancelled();
    cancelStep();
    return true;
  }

  private void timedOut(TimeoutException recorded) {
    timedOut = true;
    // the caller's future first: cancelling the step fails it with an InterruptedIOException
    if (ended.compareAndSet(false, true)) {
      downstream.failed(recorded);
    }
    cancelStep();
  }

  private boolean callerCancelled() {
    return caller != null && caller.isCancelled();
  }

  private void cancelStep() {
    Cancellable current = step.get();
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public String toString() {
    return "AsyncExchange[" + call + "]";
  }
}
