package io.brama.grpc;

import static io.brama.grpc.LoopbackGrpcServer.LEDGER;
import static io.brama.grpc.LoopbackGrpcServer.UNARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.grpc.CallOptions;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Status codes, pushback and connection ids, through unary calls to a loopback server. */
class StatusRulesTest extends LoopbackTest {
  private static final String PUSHBACK = "grpc-retry-pushback-ms";

  /** Rules Q3 and Q4: failing codes open the circuit, then nothing reaches the server. */
  @Test
  void failuresOpenAfterMaxAttemptsAndTheServerSeesNoRequestWhileOpen() throws Exception {
    server.answer(Status.UNAVAILABLE.withDescription("overloaded"));
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Exchange.Closed closed = Exchange.call(channel, UNARY, "pay");
      assertThat(closed.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(closed.status().getDescription()).as("the status reaches the caller unchanged")
          .isEqualTo("overloaded");
      assertThat(closed.messages()).containsExactly("echo pay");
    }
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().lastFailureReason()).isEqualTo("gRPC UNAVAILABLE: overloaded");

    Exchange.Closed refused = Exchange.call(channel, UNARY, "pay");
    assertThat(refused.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(refused.status().getDescription())
        .isEqualTo("circuit open: '" + server.authority() + "', retry after PT10S");
    assertThat(refused.status().getCause()).isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).retryAfter()).isEqualTo(EXPIRY));
    assertThat(refused.messages()).isEmpty();
    assertThat(server.calls()).as("nothing sent while open").isEqualTo(MAX_ATTEMPTS);
    assertThat(calls()).isEqualTo(new CallCounts(0, MAX_ATTEMPTS, 0, 1, 0));

    clock.advance(EXPIRY);
    server.answer(Status.OK);
    assertThat(Exchange.call(channel, UNARY, "pay").status().isOk()).isTrue();
    assertThat(status().state()).as("the trial succeeded").isEqualTo(CircuitState.CLOSED);
  }

  /** Rule Q4: the four default failures. */
  @ParameterizedTest
  @EnumSource(names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL"})
  void theDefaultFailures(Status.Code code) throws Exception {
    server.answer(code.toStatus());
    assertThat(Exchange.call(channel, UNARY, "x").status().getCode()).isEqualTo(code);
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    assertThat(status().lastFailureReason()).isEqualTo("gRPC " + code);
  }

  /** Rule Q4: the server answered, so the connection works. */
  @ParameterizedTest
  @EnumSource(names = {"OK", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS",
      "PERMISSION_DENIED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
      "UNKNOWN", "DATA_LOSS", "UNAUTHENTICATED"})
  void everyOtherCodeButCancelledIsASuccess(Status.Code code) throws Exception {
    server.answer(Status.UNAVAILABLE);
    Exchange.call(channel, UNARY, "x");
    server.answer(code.toStatus());
    assertThat(Exchange.call(channel, UNARY, "x").status().getCode()).isEqualTo(code);
    assertThat(calls()).isEqualTo(new CallCounts(1, 1, 0, 0, 0));
    assertThat(status().failureCount()).as("the success reset the count").isZero();
  }

  /** Rule Q4. */
  @Test
  void failureStatusDecidesWhichCodesFail() throws Exception {
    use(GrpcRules.builder().failureStatus(code -> code == Status.Code.NOT_FOUND).build());
    server.answer(Status.NOT_FOUND);
    Exchange.call(channel, UNARY, "x");
    server.answer(Status.UNAVAILABLE);
    Exchange.call(channel, UNARY, "x");
    assertThat(calls()).isEqualTo(new CallCounts(1, 1, 0, 0, 0));
  }

  /** Rule Q4: a predicate that throws is a failure; the caller still hears its status. */
  @Test
  void aFailureStatusThatThrowsRecordsAFailureAndTheCallerStillGetsTheStatus() throws Exception {
    IllegalStateException bug = new IllegalStateException("the predicate's bug");
    use(GrpcRules.builder().failureStatus(code -> {
      throw bug;
    }).build());
    server.answer(Status.NOT_FOUND);
    assertThat(Exchange.call(channel, UNARY, "x").status().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    assertThat(status().lastFailureReason()).isSameAs(bug);
    server.answer(Status.OK);
    Exchange.call(channel, UNARY, "x");
    assertThat(calls()).as("OK is never asked").isEqualTo(new CallCounts(1, 1, 0, 0, 0));
  }

  /** Rule Q6: opens for exactly the time asked, on the Brama's clock. */
  @Test
  void pushbackOpensForExactlyThatLong() throws Exception {
    List<Object> reasons = new CopyOnWriteArrayList<>();
    brama.subscribe(event -> {
      if (event.type() == EventType.STATE_CHANGE) {
        reasons.add(event.reason());
      }
    });
    server.answer(Status.UNAVAILABLE, PUSHBACK, "2000");
    Exchange.Closed closed = Exchange.call(channel, UNARY, "quote");
    assertThat(closed.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(closed.trailers().get(Pushback.KEY)).as("trailers reach the caller").isEqualTo("2000");
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(reasons).containsExactly("gRPC UNAVAILABLE " + PUSHBACK + ": 2000");
    assertThat(calls()).as("neither a success nor a failure").isEqualTo(new CallCounts(0, 0, 1, 0, 0));

    clock.advance(Duration.ofMillis(1999));
    Exchange.Closed refused = Exchange.call(channel, UNARY, "quote");
    assertThat(((CircuitOpenException) refused.status().getCause()).retryAfter())
        .isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    server.answer(Status.OK);
    assertThat(Exchange.call(channel, UNARY, "quote").status().isOk()).isTrue();
    assertThat(server.calls()).isEqualTo(2);
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule Q6: any non-OK code, not only the failures; never OK. */
  @Test
  void pushbackOpensOnAnyNonOkCodeButNotOnOk() throws Exception {
    server.answer(Status.OK, PUSHBACK, "5000");
    Exchange.call(channel, UNARY, "x");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    server.answer(Status.INVALID_ARGUMENT, PUSHBACK, "5000");
    Exchange.call(channel, UNARY, "x");
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().retryAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(calls()).isEqualTo(new CallCounts(1, 0, 1, 0, 0));
  }

  /** Rules Q4 and Q6: an unusable pushback leaves the code to decide. */
  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "-2147483648", "2147483648", "soon", "1.5", "2s", "", " ",
      "0x10", "1e3"})
  void zeroNegativeOrGarbagePushbackOpensNothing(String value) throws Exception {
    server.answer(Status.UNAVAILABLE, PUSHBACK, value);
    Exchange.call(channel, UNARY, "x");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).as("UNAVAILABLE classified by its code").isEqualTo(new CallCounts(0, 1, 0, 0, 0));

    server.answer(Status.INVALID_ARGUMENT, PUSHBACK, value);
    Exchange.call(channel, UNARY, "x");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).isEqualTo(new CallCounts(1, 1, 0, 0, 0));
  }

  /** Rule Q6: the cap. */
  @Test
  void pushbackIsCappedByMaxPushback() throws Exception {
    use(GrpcRules.builder().maxPushback(Duration.ofMinutes(1)).build());
    server.answer(Status.RESOURCE_EXHAUSTED, PUSHBACK, "3600000");
    Exchange.call(channel, UNARY, "x");
    assertThat(status().retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Rule Q6: the largest 32-bit value (24.8 days) is cut to the default ten minutes. */
  @Test
  void theLargestPushbackIsCappedAtTheDefaultTenMinutes() throws Exception {
    server.answer(Status.UNAVAILABLE, PUSHBACK, String.valueOf(Integer.MAX_VALUE));
    Exchange.call(channel, UNARY, "x");
    assertThat(status().retryAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  /** Rules Q4 and Q6. */
  @Test
  void withPushbackOffTheCodeDecides() throws Exception {
    use(GrpcRules.builder().pushback(false).build());
    server.answer(Status.UNAVAILABLE, PUSHBACK, "30000");
    Exchange.call(channel, UNARY, "x");
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule Q4: the permit times the call on the Brama's clock. */
  @Test
  void aSlowCallIsCountedSlow() throws Exception {
    configure(ConnectionConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 10))
        .slowCall(Duration.ofSeconds(1), 100));
    server.reply(call -> {
      clock.advance(Duration.ofSeconds(2)); // the server takes 2 s on the Brama's clock
      call.close(Status.OK, new io.grpc.Metadata());
    });
    Exchange.call(channel, UNARY, "x");
    server.answer(Status.OK);
    Exchange.call(channel, UNARY, "x");
    assertThat(calls()).isEqualTo(new CallCounts(2, 0, 0, 0, 1));
  }

  /** Rule Q1. */
  @Test
  void anIdIsRegisteredWithTypeGrpcOnFirstUse() throws Exception {
    assertThat(brama.isRegistered(server.authority())).isFalse();
    Exchange.call(channel, UNARY, "x");
    assertThat(status().type()).isEqualTo(BramaClientInterceptor.TYPE).isEqualTo("grpc");
  }

  /** Rule Q1. */
  @Test
  void aPreRegisteredIdKeepsItsRegistrationAndConfig() throws Exception {
    brama.register("payments", Registration.builder().type("payment-api")
        .config(ConnectionConfig.builder().maxAttempts(1).build()).build());
    use(GrpcRules.builder().connectionIds(GrpcConnectionIds.fixed("payments")).build());
    server.answer(Status.INTERNAL);
    Exchange.call(channel, UNARY, "x");
    assertThat(brama.status("payments").type()).isEqualTo("payment-api");
    assertThat(brama.status("payments").state()).as("maxAttempts 1 kept").isEqualTo(CircuitState.OPEN);
  }

  /** Rule Q1: per service, a broken service leaves its neighbour on the same server alone. */
  @Test
  void byServiceGivesEachServiceItsOwnCircuit() throws Exception {
    use(GrpcRules.builder().connectionIds(GrpcConnectionIds.byService()).build());
    server.answer(Status.UNAVAILABLE);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Exchange.call(channel, UNARY, "x");
    }
    String echo = server.authority() + "/brama.test.Echo";
    assertThat(brama.status(echo).state()).isEqualTo(CircuitState.OPEN);
    server.answer(Status.OK);
    assertThat(Exchange.call(channel, LEDGER, "x").status().isOk()).isTrue();
    assertThat(brama.status(server.authority() + "/brama.test.Ledger").state())
        .isEqualTo(CircuitState.CLOSED);
    assertThat(brama.isRegistered(server.authority())).isFalse();
  }

  /** Rule Q1: the call's own authority comes before the channel's. */
  @Test
  void theCallsAuthorityNamesTheConnection() throws Exception {
    Exchange.start(channel, UNARY, CallOptions.DEFAULT.withAuthority("Ledger.Internal:443"), "x")
        .end();
    assertThat(brama.calls("ledger.internal:443")).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }
}
