package io.brama.grpc;

import io.brama.CircuitOpenException;
import io.brama.Permit;
import io.brama.UnknownConnectionException;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One RPC through the circuit, from {@link BramaClientInterceptor#interceptCall}: it takes the
 * permit in {@link #start}, creates the real call on the channel only when admitted, and records
 * exactly one outcome, the first of the call's close and the call timeout. The interceptor's class
 * comment says what is recorded.
 */
final class GuardedCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private final BramaClientInterceptor interceptor;
  private final String id;
  private final MethodDescriptor<ReqT, RespT> method;
  private final CallOptions callOptions;
  private final Channel next;
  /** Set once the outcome is recorded (or the permit freed): the single-outcome latch. */
  private final AtomicBoolean done = new AtomicBoolean();
  private boolean started;
  /** Written in start before the real call starts; read on the transport's thread at close. */
  private volatile Permit permit;
  /** The real call: null before start and for a refused call (its methods then do nothing). */
  private volatile ClientCall<ReqT, RespT> delegate;
  /** Set when the call timeout fired; read on close to report DEADLINE_EXCEEDED. */
  private volatile TimeoutException timedOut;
  private volatile Permit.Timeout timeout;
  /** A cancel that came before the real call existed (cancel may come from any thread). */
  private volatile boolean cancelled;

  GuardedCall(BramaClientInterceptor interceptor, String id, MethodDescriptor<ReqT, RespT> method,
      CallOptions callOptions, Channel next) {
    this.interceptor = interceptor;
    this.id = id;
    this.method = method;
    this.callOptions = callOptions;
    this.next = next;
  }

  @Override
  public void start(Listener<RespT> responseListener, Metadata headers) {
    Objects.requireNonNull(responseListener, "responseListener must not be null");
    Objects.requireNonNull(headers, "headers must not be null");
    if (started) {
      throw new IllegalStateException("the call to '" + id + "' was already started");
    }
    if (cancelled) { // as grpc-java's own call: a cancelled call cannot start
      throw new IllegalStateException("the call to '" + id + "' was cancelled before it started");
    }
    started = true;
    permit = interceptor.acquire(id);
    if (!permit.granted()) {
      CircuitOpenException rejection = new CircuitOpenException(id, permit.retryAfter());
      responseListener.onClose(Status.UNAVAILABLE.withDescription("circuit open: '" + id
          + "', retry after " + rejection.retryAfter()).withCause(rejection), new Metadata());
      return;
    }
    ClientCall<ReqT, RespT> call;
    try {
      call = next.newCall(method, callOptions);
      // armed before the call starts, so no close can be recorded before the timer exists
      timeout = permit.onTimeout(e -> {
        timedOut = e;
        call.cancel("call timeout of connection '" + id + "'", e);
      });
      delegate = call;
      call.start(new RecordingListener<>(this, responseListener), headers);
    } catch (RuntimeException | Error e) { // nothing was sent: the call says nothing of the server
      if (claim()) {
        permit.ignore();
      }
      throw e;
    }
    if (cancelled) { // cancelled from another thread while the real call was being made
      call.cancel("cancelled before the call started", null);
    }
  }

  @Override
  public void request(int numMessages) {
    ClientCall<ReqT, RespT> call = delegate;
    if (call != null) {
      call.request(numMessages);
    }
  }

  @Override
  public void cancel(String message, Throwable cause) {
    cancelled = true;
    ClientCall<ReqT, RespT> call = delegate;
    if (call != null) {
      call.cancel(message, cause);
    }
  }

  @Override
  public void halfClose() {
    ClientCall<ReqT, RespT> call = delegate;
    if (call != null) {
      call.halfClose();
    }
  }

  @Override
  public void sendMessage(ReqT message) {
    ClientCall<ReqT, RespT> call = delegate;
    if (call != null) {
      call.sendMessage(message);
    }
  }

  @Override
  public boolean isReady() {
    ClientCall<ReqT, RespT> call = delegate;
    return call != null && call.isReady();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    ClientCall<ReqT, RespT> call = delegate;
    if (call != null) {
      call.setMessageCompression(enabled);
    }
  }

  @Override
  public Attributes getAttributes() {
    ClientCall<ReqT, RespT> call = delegate;
    return call != null ? call.getAttributes() : Attributes.EMPTY;
  }

  @Override
  public String toString() {
    return "GuardedCall[" + id + ", " + method.getFullMethodName() + "]";
  }

  /**
   * Records the close of an admitted call, as the interceptor's class comment says, and answers
   * the status its listener gets: {@code status} itself, or {@code DEADLINE_EXCEEDED} for a call
   * the call timeout cancelled.
   */
  Status closed(Status status, Metadata trailers) {
    GrpcRules rules = interceptor.rules();
    Status.Code code = status.getCode();
    Duration wait = rules.pushback() && !status.isOk()
        ? Pushback.delay(trailers.get(Pushback.KEY), rules.maxPushback()) : null;
    boolean failed = false;
    RuntimeException broken = null;
    if (wait == null && code != Status.Code.OK && code != Status.Code.CANCELLED) {
      try {
        failed = rules.failureStatus().test(code);
      } catch (RuntimeException e) { // a broken predicate must not leave the permit held
        broken = e;
      }
    }
    if (!claim()) {
      TimeoutException e = timedOut;
      return e != null && code == Status.Code.CANCELLED
          ? Status.DEADLINE_EXCEEDED.withDescription(e.getMessage()).withCause(e) : status;
    }
    if (wait != null) {
      permit.ignore();
      try {
        interceptor.brama().open(id, "gRPC " + code + " " + Pushback.KEY.name() + ": "
            + trailers.get(Pushback.KEY).strip(), wait);
      } catch (UnknownConnectionException e) {
        // unregistered while the call was in flight: nothing left to open
      }
    } else if (code == Status.Code.CANCELLED) {
      permit.ignore();
    } else if (broken != null) {
      permit.failure(broken);
    } else if (failed) {
      permit.failure("gRPC " + code + (status.getDescription() == null ? ""
          : ": " + status.getDescription()));
    } else {
      permit.success();
    }
    return status;
  }

  /** Whether this may record: the timer has not recorded and nothing else did. */
  private boolean claim() {
    Permit.Timeout t = timeout;
    return (t == null || t.cancel()) && done.compareAndSet(false, true);
  }

  /** The caller's listener, told of the close only after the outcome is recorded. */
  private static final class RecordingListener<RespT> extends ClientCall.Listener<RespT> {
    private final GuardedCall<?, RespT> call;
    private final ClientCall.Listener<RespT> delegate;

    RecordingListener(GuardedCall<?, RespT> call, ClientCall.Listener<RespT> delegate) {
      this.call = call;
      this.delegate = delegate;
    }

    @Override
    public void onHeaders(Metadata headers) {
      delegate.onHeaders(headers);
    }

    @Override
    public void onMessage(RespT message) {
      delegate.onMessage(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      Status heard = status;
      try {
        heard = call.closed(status, trailers);
      } finally { // whatever recording did, the caller hears the close
        delegate.onClose(heard, trailers);
      }
    }

    @Override
    public void onReady() {
      delegate.onReady();
    }
  }
}
