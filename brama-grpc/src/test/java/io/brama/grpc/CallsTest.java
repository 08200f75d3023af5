package io.brama.grpc;

import static io.brama.grpc.LoopbackGrpcServer.BIDI;
import static io.brama.grpc.LoopbackGrpcServer.SERVER_STREAMING;
import static io.brama.grpc.LoopbackGrpcServer.UNARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Streaming, refusals, cancellation, timeouts and hostile callers and servers. */
class CallsTest extends LoopbackTest {
  /** Calls the server holds open: ended by the test, or never. */
  private final BlockingQueue<ServerCall<String, String>> held = new LinkedBlockingQueue<>();

  private void hold() {
    server.reply(held::add);
  }

  private void openTheCircuit() throws Exception {
    server.answer(Status.UNAVAILABLE);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Exchange.call(channel, UNARY, "x");
    }
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
  }

  private static void assertRefused(Status status) {
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).startsWith("circuit open:");
    assertThat(status.getCause()).isInstanceOf(CircuitOpenException.class);
  }

  // ---- Rule Q2: one call per RPC ----

  /** Rule Q2. */
  @Test
  void unaryServerStreamingAndBidiStreamingRpcsAreOneCallEach() throws Exception {
    assertThat(Exchange.call(channel, UNARY, "a").messages()).containsExactly("echo a");
    assertThat(Exchange.call(channel, SERVER_STREAMING, "3").messages())
        .containsExactly("echo 3", "message 1", "message 2", "message 3");
    assertThat(Exchange.call(channel, BIDI, "a", "b", "c").messages())
        .containsExactly("echo a", "echo b", "echo c");
    assertThat(calls()).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
    assertThat(server.calls()).isEqualTo(3);
  }

  /** Rules Q2 and Q4: the status decides, however many messages came before it. */
  @Test
  void aStreamThatEndsUnavailableAfterItsMessagesIsOneFailure() throws Exception {
    server.answer(Status.UNAVAILABLE);
    Exchange.Closed closed = Exchange.call(channel, SERVER_STREAMING, "5");
    assertThat(closed.messages()).hasSize(6);
    assertThat(Exchange.call(channel, BIDI, "a", "b").messages()).hasSize(2);
    assertThat(calls()).isEqualTo(new CallCounts(0, 2, 0, 0, 0));
  }

  /** Rule Q2. */
  @Test
  void theOutcomeIsRecordedBeforeTheListenerHearsOnClose() throws Exception {
    server.answer(Status.INTERNAL);
    CompletableFuture<CallCounts> seen = new CompletableFuture<>();
    ClientCall<String, String> call = channel.newCall(UNARY, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        seen.complete(calls());
      }
    }, new Metadata());
    call.sendMessage("x");
    call.halfClose();
    call.request(1);
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  // ---- Rule Q3: refusals ----

  /** Rule Q3: what a generated stub's caller sees. */
  @Test
  void aBlockingStubCallerGetsUnavailableWithTheCircuitOpenExceptionAsCause() throws Exception {
    openTheCircuit();
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, "x"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertRefused(e.getStatus()))
        .hasCauseInstanceOf(CircuitOpenException.class)
        .hasMessageStartingWith("UNAVAILABLE: circuit open: '" + server.authority() + "'");
    assertThat(server.calls()).isEqualTo(MAX_ATTEMPTS);
  }

  /** Rule Q3: thousands of refusals, not one call made on the channel. */
  @Test
  void thousandsOfCallsWhileOpenNeverTouchTheChannel() throws Exception {
    AtomicInteger made = new AtomicInteger();
    ClientInterceptor counting = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
          CallOptions options, Channel next) {
        made.incrementAndGet();
        return next.newCall(method, options);
      }
    };
    channel = ClientInterceptors.intercept(ClientInterceptors.intercept(managed, counting),
        BramaClientInterceptor.of(brama));
    openTheCircuit();
    made.set(0);
    for (int i = 0; i < 5_000; i++) {
      Exchange exchange = Exchange.start(channel, i % 2 == 0 ? UNARY : BIDI, CallOptions.DEFAULT,
          "x");
      assertThat(exchange.closed).as("closed inside start").isDone();
      assertRefused(exchange.end().status());
      assertThat(exchange.headers).isFalse();
      assertThat(exchange.messages).isEmpty();
    }
    assertThat(made).as("calls created on the channel").hasValue(0);
    assertThat(server.calls()).isEqualTo(MAX_ATTEMPTS);
    assertThat(calls()).isEqualTo(new CallCounts(0, MAX_ATTEMPTS, 0, 5_000, 0));
  }

  // ---- Rule Q5: cancellation ----

  /** Rule Q5. */
  @Test
  void aCancelledCallRecordsNothing() throws Exception {
    hold();
    Exchange exchange = Exchange.start(channel, UNARY, CallOptions.DEFAULT, "x");
    assertThat(held.poll(10, TimeUnit.SECONDS)).isNotNull();
    exchange.call.cancel("the caller gave up", null);
    assertThat(exchange.end().status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
    assertThat(status().failureCount()).isZero();
  }

  /** Rule Q5: the caller's gRPC Context, cancelled, cancels the call. */
  @Test
  void aCallWhoseContextIsCancelledRecordsNothing() throws Exception {
    hold();
    Context.CancellableContext context = Context.current().withCancellation();
    Exchange exchange = context.call(() -> Exchange.start(channel, UNARY, CallOptions.DEFAULT, "x"));
    assertThat(held.poll(10, TimeUnit.SECONDS)).isNotNull();
    context.cancel(null);
    assertThat(exchange.end().status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
  }

  /** Rule Q5: a cancelled trial frees its slot, and the next call is the trial. */
  @Test
  void aCancelledHalfOpenTrialLetsTheNextCallBeTheTrial() throws Exception {
    openTheCircuit();
    clock.advance(EXPIRY);
    hold();
    Exchange trial = Exchange.start(channel, BIDI, CallOptions.DEFAULT, "x");
    assertThat(held.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(status().activeTrials()).isEqualTo(1);
    assertRefused(Exchange.call(channel, UNARY, "x").status()); // the one slot is taken

    trial.call.cancel("the caller gave up", null);
    assertThat(trial.end().status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(status().state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(status().activeTrials()).isZero();
    server.answer(Status.OK);
    assertThat(Exchange.call(channel, UNARY, "x").status().isOk()).isTrue();
    assertThat(status().state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule Q5: grpc-java cancels a call whose listener threw; the server is not to blame. */
  @Test
  void aListenerThatThrowsOnAMessageRecordsNothing() throws Exception {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<String, String> call = channel.newCall(UNARY, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(String message) {
        throw new IllegalStateException("the caller's bug");
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage("x");
    call.halfClose();
    Status status = closed.get(10, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(status.getCause()).hasMessage("the caller's bug");
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
    assertThat(Exchange.call(channel, UNARY, "x").status().isOk()).isTrue();
  }

  /** Rule Q2: the outcome is recorded before the listener can throw. */
  @Test
  void aListenerThatThrowsOnCloseDoesNotLoseTheOutcome() {
    server.answer(Status.UNAVAILABLE);
    ClientCall<String, String> call = channel.newCall(UNARY, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        throw new IllegalStateException("the caller's bug");
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage("x");
    call.halfClose();
    await().atMost(Duration.ofSeconds(10)).until(() -> calls().failures() == 1);
  }

  /** Rule Q3: a refusal's onClose runs inside start, so what it throws reaches the caller. */
  @Test
  void aListenerThatThrowsOnARefusalThrowsFromStart() throws Exception {
    openTheCircuit();
    IllegalStateException bug = new IllegalStateException("the caller's bug");
    ClientCall<String, String> call = channel.newCall(UNARY, CallOptions.DEFAULT);
    assertThatThrownBy(() -> call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        throw bug;
      }
    }, new Metadata())).isSameAs(bug);
    call.sendMessage("x"); // a refused call's methods do nothing
    call.halfClose();
    call.request(1);
    call.cancel("late", null);
    assertThat(call.isReady()).isFalse();
    assertThat(calls()).isEqualTo(new CallCounts(0, MAX_ATTEMPTS, 0, 1, 0));
    assertThat(server.calls()).isEqualTo(MAX_ATTEMPTS);
  }

  // ---- failures of the server and the network ----

  /** Rule Q4: a server that dies mid-stream (its connection reset) fails the stream. */
  @Test
  void aServerThatDiesMidStreamIsAFailure() throws Exception {
    hold();
    try (Relay relay = new Relay(server.port())) {
      ManagedChannel relayed = NettyChannelBuilder.forAddress("127.0.0.1", relay.port())
          .usePlaintext().build();
      try {
        Channel guarded = ClientInterceptors.intercept(relayed, BramaClientInterceptor.of(brama));
        Exchange exchange = Exchange.start(guarded, SERVER_STREAMING, CallOptions.DEFAULT, "2");
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.messages.size() == 3);
        relay.kill();
        assertThat(exchange.end().status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(brama.calls("127.0.0.1:" + relay.port()))
            .isEqualTo(new CallCounts(0, 1, 0, 0, 0));
      } finally {
        relayed.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Rule Q5: a server that shuts down at once resets its streams with CANCEL, which grpc-java
   * reports as CANCELLED, as it reports a caller's cancel: nothing is recorded.
   */
  @Test
  void aServerThatCancelsItsStreamsRecordsNothing() throws Exception {
    hold();
    Exchange exchange = Exchange.start(channel, SERVER_STREAMING, CallOptions.DEFAULT, "2");
    await().atMost(Duration.ofSeconds(10)).until(() -> exchange.messages.size() == 3);
    server.kill();
    assertThat(exchange.end().status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
  }

  /** Rule Q4: nobody listening. */
  @Test
  void aConnectionRefusedIsAFailure() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    ManagedChannel nobody = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      Channel guarded = ClientInterceptors.intercept(nobody, BramaClientInterceptor.of(brama));
      assertThat(Exchange.call(guarded, UNARY, "x").status().getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(brama.calls("127.0.0.1:" + port)).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    } finally {
      nobody.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Rule Q4: grpc-java's own deadline. */
  @Test
  void anExceededDeadlineIsAFailure() throws Exception {
    hold();
    Exchange exchange = Exchange.start(channel, UNARY,
        CallOptions.DEFAULT.withDeadlineAfter(100, TimeUnit.MILLISECONDS), "x");
    assertThat(exchange.end().status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  /** Rule Q7: the connection's callTimeout, on the Brama's clock. */
  @Test
  void aCallNotClosedWithinTheCallTimeoutIsATimeoutFailure() throws Exception {
    configure(ConnectionConfig.builder().callTimeout(Duration.ofSeconds(1)));
    hold();
    Exchange exchange = Exchange.start(channel, BIDI, CallOptions.DEFAULT, "x");
    ServerCall<String, String> onServer = held.poll(10, TimeUnit.SECONDS);
    assertThat(onServer).isNotNull();
    clock.advance(Duration.ofMillis(999));
    assertThat(exchange.closed).isNotDone();
    clock.advance(Duration.ofMillis(1));
    Status status = exchange.end().status();
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(status.getCause()).isInstanceOf(TimeoutException.class);
    assertThat(calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
    await().atMost(Duration.ofSeconds(10)).until(onServer::isCancelled);
  }

  // ---- the ClientCall contract ----

  /** Rule Q2. */
  @Test
  void aCallStartsOnceAndNotAfterACancel() throws Exception {
    Exchange exchange = Exchange.start(channel, UNARY, CallOptions.DEFAULT, "x");
    assertThatThrownBy(() -> exchange.call.start(new ClientCall.Listener<>() {}, new Metadata()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    exchange.end();

    ClientCall<String, String> cancelled = channel.newCall(UNARY, CallOptions.DEFAULT);
    cancelled.cancel("not wanted", null);
    assertThatThrownBy(() -> cancelled.start(new ClientCall.Listener<>() {}, new Metadata()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled");
    assertThat(calls()).as("the cancelled call took no permit").isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }
}
