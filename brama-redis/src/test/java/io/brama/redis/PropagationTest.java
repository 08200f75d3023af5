package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rule F3: a transition on one instance reaches another within 50 ms p99 on loopback. */
class PropagationTest extends WithRedis {
  private static final int ROUNDS = 200;

  @Test
  void transitionsReachTheOtherInstanceWithin50MillisecondsP99() throws Exception {
    try (Fleets fleet = new Fleets(redis, 2, BramaConfig.builder().maxAttempts(3).build(),
        Duration.ofSeconds(5)).register("payment_api")) {
      await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
      BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(2 * ROUNDS + 10);
      fleet.get(1).subscribe(EventFilter.of(EventType.STATE_CHANGE).connection("payment_api"),
          e -> arrivals.add(System.nanoTime()));
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        long sent = System.nanoTime();
        fleet.get(0).open("payment_api", "round " + i);
        Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
        assertThat(arrived).as("open of round %d reached instance 1", i).isNotNull();
        micros.add((arrived - sent) / 1_000);
        assertThat(fleet.get(1).status("payment_api").state()).isEqualTo(CircuitState.OPEN);
        sent = System.nanoTime();
        fleet.get(0).reset("payment_api", "round " + i);
        arrived = arrivals.poll(5, TimeUnit.SECONDS);
        assertThat(arrived).as("reset of round %d reached instance 1", i).isNotNull();
        micros.add((arrived - sent) / 1_000);
      }
      Collections.sort(micros);
      long p50 = micros.get(micros.size() / 2);
      long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
      System.out.printf("propagation over %d transitions: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          micros.size(), p50 / 1000.0, p99 / 1000.0, micros.get(micros.size() - 1) / 1000.0);
      assertThat(p99).isLessThan(50_000);
    }
  }
}
