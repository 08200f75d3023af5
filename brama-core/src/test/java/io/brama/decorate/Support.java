package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Shared set-up for the decorator tests: two failures open a circuit for ten seconds. */
final class Support {
  static final int MAX_ATTEMPTS = 2;
  static final Duration EXPIRY = Duration.ofSeconds(10);

  private Support() {}

  static Brama newBrama(ManualClock clock) {
    return Brama.builder().clock(clock)
        .config(BramaConfig.builder().maxAttempts(MAX_ATTEMPTS).expiry(EXPIRY).halfOpenTrials(1)
            .build())
        .build();
  }

  /** The exception a completed stage failed with, unwrapped from CompletionException. */
  static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> f = stage.toCompletableFuture();
    assertThat(f).isCompletedExceptionally();
    Throwable e = f.handle((v, t) -> t).join();
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
