package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sampler, driven step by step on a manual clock. */
class SamplerTest {
  private final ManualClock clock = new ManualClock();

  private Brama counting() {
    return Brama.builder().clock(clock).countCalls(true).build();
  }

  private static int[] series(Sampler sampler, String id, int which, int seconds) {
    int[] s = sampler.ring(id).read(sampler.now() - seconds, sampler.now())[which];
    return s;
  }

  @Test
  void eachStepAddsTheCallsOfItsSecond() {
    try (Brama brama = counting()) {
      brama.register("payment_api");
      Sampler sampler = new Sampler(brama, clock);
      sampler.sample(); // the baseline
      brama.success("payment_api");
      brama.success("payment_api");
      brama.failure("payment_api", "boom");
      clock.advance(Duration.ofSeconds(1));
      sampler.sample();
      brama.failure("payment_api", "boom");
      brama.failure("payment_api", "boom");
      clock.advance(Duration.ofSeconds(1));
      sampler.sample();

      assertThat(series(sampler, "payment_api", 0, 2)).containsExactly(2, 0);
      assertThat(series(sampler, "payment_api", 1, 2)).containsExactly(1, 2);
    }
  }

  @Test
  void rejectionsAreSampled() {
    try (Brama brama = counting()) {
      brama.register("payment_api");
      Sampler sampler = new Sampler(brama, clock);
      sampler.sample();
      brama.open("payment_api", "maintenance");
      brama.available("payment_api");
      brama.available("payment_api");
      clock.advance(Duration.ofSeconds(1));
      sampler.sample();
      assertThat(series(sampler, "payment_api", 3, 1)).containsExactly(2);
    }
  }

  @Test
  void anUnregisteredConnectionLosesItsRingEvenMidStep() throws Exception {
    try (Brama brama = counting()) {
      Sampler sampler = new Sampler(brama, clock);
      brama.register("stays");
      AtomicBoolean running = new AtomicBoolean(true);
      Thread churn = new Thread(() -> {
        for (int i = 0; i < 20_000 && running.get(); i++) {
          brama.register("churn");
          brama.unregister("churn");
        }
      });
      churn.start();
      try {
        for (int i = 0; i < 2_000 && churn.isAlive(); i++) {
          assertThatCode(sampler::sample).doesNotThrowAnyException();
        }
      } finally {
        running.set(false);
        churn.join();
      }
      sampler.sample();
      assertThat(sampler.rings().keySet()).containsExactly("stays");
    }
  }

  @Test
  void aThousandConnectionsAreSampledInOneStep() {
    try (Brama brama = counting()) {
      for (int i = 0; i < 1_000; i++) {
        brama.register("c" + i);
      }
      Sampler sampler = new Sampler(brama, clock);
      sampler.sample();
      for (int i = 0; i < 1_000; i++) {
        for (int k = 0; k <= i % 7; k++) {
          brama.success("c" + i);
        }
      }
      clock.advance(Duration.ofSeconds(1));
      long start = System.nanoTime();
      sampler.sample();
      long micros = (System.nanoTime() - start) / 1_000;
      System.out.println("sampling 1,000 connections took " + micros + " µs");
      assertThat(sampler.rings()).hasSize(1_000);
      for (int i = 0; i < 1_000; i += 97) {
        assertThat(series(sampler, "c" + i, 0, 1)).containsExactly(i % 7 + 1);
      }
      assertThat(micros).isLessThan(1_000_000); // a step must fit well within its second
    }
  }

  @Test
  void aClosedBramaDoesNotEndTheScheduleAndStopEndsIt() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      Brama brama = counting();
      brama.register("payment_api");
      Sampler sampler = new Sampler(brama, clock);
      sampler.start(timer);
      assertThat(sampler.running()).isTrue();
      brama.close();
      clock.advance(Duration.ofSeconds(1));
      // what the timer runs every second: the Brama's IllegalStateException must not escape it
      assertThatCode(sampler::step).doesNotThrowAnyException();
      assertThatThrownBy(sampler::sample).isInstanceOf(IllegalStateException.class);
      assertThat(sampler.running()).isTrue();
      sampler.stop();
      assertThat(sampler.running()).isFalse();
    } finally {
      timer.shutdownNow();
    }
  }
}
