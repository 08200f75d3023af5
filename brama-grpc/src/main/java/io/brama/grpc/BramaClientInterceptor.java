package io.brama.grpc;

import io.brama.Brama;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.UnknownConnectionException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * A grpc-java {@link ClientInterceptor} that puts a Brama circuit in front of every RPC of a
 * channel: {@code ManagedChannelBuilder.forTarget(...).intercept(BramaClientInterceptor.of(brama))}
 * or {@code ClientInterceptors.intercept(channel, ...)}.
 *
 * <ul>
 *   <li>Each RPC is one call, unary and streaming alike: its permit is taken when the call starts
 *       and its outcome recorded when it closes, before the caller's listener hears
 *       {@code onClose}.
 *   <li>{@code OK} is a success; a code {@link GrpcRules#failureStatus()} names (by default
 *       {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED},
 *       {@code INTERNAL}) a failure; {@code CANCELLED} records nothing and frees the permit, a
 *       trial slot too; any other code is a success: the server answered. Successes and failures
 *       are slow when the call took longer than the connection's slow-call threshold on the
 *       Brama's clock. A {@code failureStatus} that throws records a failure with that exception
 *       as reason; the caller's listener still hears the close.
 *   <li>A positive {@code grpc-retry-pushback-ms} in the trailers of a non-OK call (gRFC A6)
 *       opens the circuit for that many milliseconds, at most {@link GrpcRules#maxPushback()},
 *       and the call itself is ignored; zero, negative or unparseable values open nothing.
 *   <li>A refused call never reaches the channel: its listener gets {@code onClose} with
 *       {@code Status.UNAVAILABLE}, a description starting {@code circuit open:} and the
 *       {@link io.brama.CircuitOpenException} as cause, inside {@code start} as grpc-java's own
 *       {@code CheckedForwardingClientCall} does; the call's other methods then do nothing.
 *   <li>With the connection's {@code callTimeout} set, a call not closed in time on the Brama's
 *       clock is a {@code TimeoutException} failure: it is cancelled and its listener gets
 *       {@code DEADLINE_EXCEEDED} with that exception as cause.
 * </ul>
 * An id is registered on first use with type {@value #TYPE}; a registered id keeps its
 * registration and configuration. Thread-safe; one interceptor serves any number of channels.
 */
public final class BramaClientInterceptor implements ClientInterceptor {
  /** The type an id is registered with when first used: {@value}. */
  public static final String TYPE = "grpc";
  private static final Registration REGISTRATION = Registration.builder().type(TYPE).build();

  private final Brama brama;
  private final GrpcRules rules;

  private BramaClientInterceptor(Brama brama, GrpcRules rules) {
    this.brama = brama;
    this.rules = rules;
  }

  /**
   * An interceptor recording on {@code brama} by the {@link GrpcRules#defaults()}.
   *
   * @param brama where calls are recorded
   * @return a new interceptor
   */
  public static BramaClientInterceptor of(Brama brama) {
    return of(brama, GrpcRules.defaults());
  }

  /**
   * An interceptor recording on {@code brama} by {@code rules}.
   *
   * @param brama where calls are recorded
   * @param rules what is recorded
   * @return a new interceptor
   */
  public static BramaClientInterceptor of(Brama brama, GrpcRules rules) {
    Objects.requireNonNull(brama, "brama must not be null");
    Objects.requireNonNull(rules, "rules must not be null");
    return new BramaClientInterceptor(brama, rules);
  }

  /**
   * The Brama this interceptor records on.
   *
   * @return the Brama
   */
  public Brama brama() {
    return brama;
  }

  /**
   * The rules this interceptor records by.
   *
   * @return the rules
   */
  public GrpcRules rules() {
    return rules;
  }

  /**
   * A call of {@code method} guarded by the circuit of its connection id (from the call's
   * authority, else the channel's). Nothing is asked of the circuit and nothing is created on
   * {@code next} until the call starts, and only when it is admitted.
   *
   * @param method the method called
   * @param callOptions the call's options
   * @param next the channel the call goes on to when admitted
   * @return the guarded call
   * @throws IllegalArgumentException when {@link GrpcRules#connectionIds()} gives no id
   */
  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions callOptions, Channel next) {
    Objects.requireNonNull(method, "method must not be null");
    Objects.requireNonNull(callOptions, "callOptions must not be null");
    Objects.requireNonNull(next, "next must not be null");
    String authority = callOptions.getAuthority() != null ? callOptions.getAuthority()
        : next.authority();
    String id = rules.connectionIds().idFor(authority, method);
    return new GuardedCall<>(this, id, method, callOptions, next);
  }

  /** The permit for one call to {@code id}, registering the id on its first use. */
  Permit acquire(String id) {
    try {
      return brama.tryAcquire(id);
    } catch (UnknownConnectionException first) { // the first call to this id, once per id
      brama.registerIfAbsent(id, REGISTRATION);
      return brama.tryAcquire(id);
    }
  }

  @Override
  public String toString() {
    return "BramaClientInterceptor[" + rules + "]";
  }
}
