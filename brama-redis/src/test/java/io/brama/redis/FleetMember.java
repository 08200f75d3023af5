package io.brama.redis;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The second JVM of {@link SecondJvmTest}: attaches to Redis, prints READY, waits for a line on
 * stdin, reports {@code args[2]} failures, prints OPEN once its circuit opened (or STILL ...), and
 * exits after one more line.
 */
public final class FleetMember {
  private FleetMember() {}

  public static void main(String[] args) throws Exception {
    try (Brama brama = Brama.builder().config(BramaConfig.builder().maxAttempts(4)
        .expiry(Duration.ofSeconds(30)).build()).build()) {
      brama.register("payment_api");
      CountDownLatch opened = new CountDownLatch(1);
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), e -> {
        if (e.newState() == CircuitState.OPEN) {
          opened.countDown();
        }
      });
      RedisSharing sharing = RedisSharing.attach(brama, RedisSharingConfig.builder(args[0])
          .namespace(args[1]).instanceId("second-jvm").build());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!sharing.isConnected() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      System.out.println(sharing.isConnected() ? "READY" : "NOT CONNECTED");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      in.readLine();
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        brama.failure("payment_api", "failure in the second JVM");
      }
      boolean open = opened.await(10, TimeUnit.SECONDS);
      System.out.println(open ? "OPEN" : "STILL " + brama.status("payment_api").state());
      System.out.flush();
      in.readLine(); // until the parent saw the shared open: closing drops commands in flight
      sharing.close();
    }
  }
}
