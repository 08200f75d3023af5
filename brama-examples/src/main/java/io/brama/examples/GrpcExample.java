package io.brama.examples;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.grpc.BramaClientInterceptor;
import io.brama.grpc.GrpcConnectionIds;
import io.brama.grpc.GrpcRules;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/**
 * Snippets kept here so that they compile: {@link #clients} and {@link #refusal} are the README's
 * "Clients" section, {@link #rules} is in docs/grpc.md.
 */
@SuppressWarnings("unused")
final class GrpcExample {
  private GrpcExample() {}

  static ManagedChannel clients(Brama brama) {
    return ManagedChannelBuilder.forTarget("payments.internal:443")
        .intercept(BramaClientInterceptor.of(brama))   // one circuit for payments.internal:443
        .build();
  }

  /** What a stub's caller sees when the circuit is open: nothing was sent. */
  static String refusal(StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE
        && e.getCause() instanceof CircuitOpenException open) {
      return "fallback, retry after " + open.retryAfter();
    }
    throw e;
  }

  static ManagedChannel rules(Brama brama) {
    GrpcRules rules = GrpcRules.builder()
        .failureStatus(code -> code == Status.Code.UNAVAILABLE)   // only UNAVAILABLE fails
        .maxPushback(Duration.ofMinutes(2))           // never open longer on a server's word
        .connectionIds(GrpcConnectionIds.byService())  // payments.internal:443/shop.Payments
        .build();
    return ManagedChannelBuilder.forTarget("payments.internal:443")
        .intercept(BramaClientInterceptor.of(brama, rules))
        .build();
  }
}
