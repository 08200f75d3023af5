package io.brama.grpc;

import static io.brama.grpc.LoopbackGrpcServer.UNARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a named exception; the rules and ids say what they are. */
class ArgumentsTest {
  private final Brama brama = Brama.create();
  /** A channel that is never used to connect: interceptCall only reads its authority. */
  private final ManagedChannel channel =
      NettyChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    brama.close();
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> BramaClientInterceptor.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("brama must not be null");
    assertThatThrownBy(() -> BramaClientInterceptor.of(brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("rules must not be null");
    BramaClientInterceptor interceptor = BramaClientInterceptor.of(brama);
    assertThatThrownBy(() -> interceptor.interceptCall(null, CallOptions.DEFAULT, channel))
        .hasMessage("method must not be null");
    assertThatThrownBy(() -> interceptor.interceptCall(UNARY, null, channel))
        .hasMessage("callOptions must not be null");
    assertThatThrownBy(() -> interceptor.interceptCall(UNARY, CallOptions.DEFAULT, null))
        .hasMessage("next must not be null");

    ClientCall<String, String> call = interceptor.interceptCall(UNARY, CallOptions.DEFAULT, channel);
    assertThatThrownBy(() -> call.start(null, new Metadata()))
        .isInstanceOf(NullPointerException.class).hasMessage("responseListener must not be null");
    assertThatThrownBy(() -> call.start(new ClientCall.Listener<>() {}, null))
        .isInstanceOf(NullPointerException.class).hasMessage("headers must not be null");
    assertThat(brama.isRegistered("127.0.0.1:1")).as("no permit taken").isFalse();

    GrpcRules.Builder rules = GrpcRules.builder();
    assertThatThrownBy(() -> rules.failureStatus(null)).hasMessage("failureStatus must not be null");
    assertThatThrownBy(() -> rules.maxPushback(null)).hasMessage("maxPushback must not be null");
    assertThatThrownBy(() -> rules.connectionIds(null)).hasMessage("connectionIds must not be null");
    assertThatThrownBy(() -> GrpcConnectionIds.fixed(null)).hasMessage("id must not be null");
    assertThatThrownBy(() -> GrpcConnectionIds.of(null)).hasMessage("function must not be null");
    assertThatThrownBy(() -> GrpcConnectionIds.byAuthority().idFor(null, UNARY))
        .hasMessage("authority must not be null");
    assertThatThrownBy(() -> GrpcConnectionIds.byAuthority().idFor("a:1", null))
        .hasMessage("method must not be null");
  }

  @Test
  void badValuesNameFieldRangeAndValue() {
    assertThatThrownBy(() -> GrpcRules.builder().maxPushback(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPushback must be > PT0S, was PT0S");
    assertThatThrownBy(() -> GrpcRules.builder().maxPushback(Duration.ofSeconds(-1)))
        .hasMessage("maxPushback must be > PT0S, was PT-1S");
    assertThatThrownBy(() -> GrpcConnectionIds.fixed(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("id must be a non-empty string, was \"\"");
    assertThatThrownBy(() -> GrpcConnectionIds.byAuthority().idFor("", UNARY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("authority must be a non-empty string, was \"\"");
    MethodDescriptor<String, String> serviceless =
        LoopbackGrpcServer.method(MethodDescriptor.MethodType.UNARY, "NoService");
    assertThatThrownBy(() -> GrpcConnectionIds.byService().idFor("a:1", serviceless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("method must have a service name (service/method), was NoService");
    assertThatThrownBy(() -> GrpcConnectionIds.of((authority, method) -> null).idFor("a:1", UNARY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection id for brama.test.Echo/Say at a:1 must be a non-empty string, was null");
  }

  /** Rule Q1: an id mapping that cannot answer fails the call's creation, before any permit. */
  @Test
  void anIdThatCannotBeMadeFailsNewCall() {
    BramaClientInterceptor interceptor = BramaClientInterceptor.of(brama, GrpcRules.builder()
        .connectionIds(GrpcConnectionIds.of((authority, method) -> "")).build());
    assertThatThrownBy(() -> interceptor.interceptCall(UNARY, CallOptions.DEFAULT, channel))
        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("was \"\"");
  }

  /** Rule Q1. */
  @Test
  void theBuiltInIdsLowerCaseTheAuthority() {
    assertThat(GrpcConnectionIds.byAuthority().idFor("Payments.Internal:443", UNARY))
        .isEqualTo("payments.internal:443");
    assertThat(GrpcConnectionIds.byService().idFor("Payments.Internal:443", UNARY))
        .isEqualTo("payments.internal:443/brama.test.Echo");
    assertThat(GrpcConnectionIds.fixed("pay").idFor("x:1", UNARY)).isEqualTo("pay");
    assertThat(GrpcConnectionIds.of((authority, method) -> authority + "#"
        + method.getBareMethodName()).idFor("X:1", UNARY)).isEqualTo("X:1#Say");
  }

  @Test
  void theDefaultsAndTheirDescription() {
    GrpcRules defaults = GrpcRules.defaults();
    assertThat(defaults.pushback()).isTrue();
    assertThat(defaults.maxPushback()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.connectionIds()).isSameAs(GrpcConnectionIds.byAuthority());
    for (Status.Code code : Status.Code.values()) {
      assertThat(defaults.failureStatus().test(code)).as(code.name()).isEqualTo(
          code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
              || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.INTERNAL);
    }
    assertThat(defaults).hasToString("GrpcRules[failureStatus=[DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,"
        + " INTERNAL, UNAVAILABLE], pushback=true, maxPushback=PT10M,"
        + " connectionIds=GrpcConnectionIds.byAuthority]");
    assertThat(BramaClientInterceptor.of(brama).rules()).isSameAs(defaults);
    assertThat(BramaClientInterceptor.of(brama).brama()).isSameAs(brama);
    assertThat(GrpcConnectionIds.fixed("pay")).hasToString("GrpcConnectionIds.fixed(pay)");
  }
}
