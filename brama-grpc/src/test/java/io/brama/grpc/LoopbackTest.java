package io.brama.grpc;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the loopback tests share: a real server on 127.0.0.1, a real channel to it, and a Brama on
 * a {@link ManualClock} whose circuit opens after {@value #MAX_ATTEMPTS} failures for
 * {@link #EXPIRY}.
 */
abstract class LoopbackTest {
  static final int MAX_ATTEMPTS = 3;
  static final Duration EXPIRY = Duration.ofSeconds(10);

  final ManualClock clock = new ManualClock();
  final Brama brama = Brama.builder()
      .config(BramaConfig.builder().maxAttempts(MAX_ATTEMPTS).expiry(EXPIRY).build())
      .clock(clock).eventExecutor(Runnable::run).countCalls(true).build();
  final LoopbackGrpcServer server = new LoopbackGrpcServer();
  final ManagedChannel managed = server.channel();
  Channel channel = ClientInterceptors.intercept(managed, BramaClientInterceptor.of(brama));

  @AfterEach
  void stop() throws InterruptedException {
    managed.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.close();
    brama.close();
  }

  /** The same channel, guarded by {@code rules}. */
  void use(GrpcRules rules) {
    channel = ClientInterceptors.intercept(managed, BramaClientInterceptor.of(brama, rules));
  }

  /** Registers the server's id with {@code config}, as a user would before the first call. */
  void configure(ConnectionConfig.Builder config) {
    brama.register(server.authority(), Registration.builder().config(config.build()).build());
  }

  ConnectionStatus status() {
    return brama.status(server.authority());
  }

  CallCounts calls() {
    return brama.calls(server.authority());
  }
}
