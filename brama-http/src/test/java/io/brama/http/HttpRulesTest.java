package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The defaults and the builder's checks. */
class HttpRulesTest {
  /** Rule W3. */
  @Test
  void theDefaultsFailOn5xxAnd408Only() {
    HttpRules rules = HttpRules.defaults();
    assertThat(IntStream.range(100, 1000).filter(rules.failureStatus()).toArray())
        .containsExactly(IntStream.concat(IntStream.of(408), IntStream.range(500, 600)).toArray());
    assertThat(rules.retryAfter()).isTrue();
    assertThat(rules.maxRetryAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(rules.connectionIds()).isSameAs(ConnectionIds.byHost());
    assertThat(rules).hasToString("HttpRules[failureStatus=5xx or 408, retryAfter=true, "
        + "maxRetryAfter=PT10M, connectionIds=ConnectionIds.byHost]");
  }

  @Test
  void theBuilderSetsEachRule() {
    ConnectionIds ids = ConnectionIds.fixed("x");
    HttpRules rules = HttpRules.builder().failureStatus(s -> s >= 400).retryAfter(false)
        .maxRetryAfter(Duration.ofSeconds(30)).connectionIds(ids).build();
    assertThat(rules.failureStatus().test(404)).isTrue();
    assertThat(rules.retryAfter()).isFalse();
    assertThat(rules.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rules.connectionIds()).isSameAs(ids);
  }

  /** Rule B1. */
  @Test
  void badArgumentsAreNamed() {
    HttpRules.Builder b = HttpRules.builder();
    assertThatThrownBy(() -> b.failureStatus(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("failureStatus must not be null");
    assertThatThrownBy(() -> b.maxRetryAfter(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("maxRetryAfter must not be null");
    assertThatThrownBy(() -> b.connectionIds(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("connectionIds must not be null");
    assertThatThrownBy(() -> b.maxRetryAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRetryAfter must be > PT0S, was PT0S");
    assertThatThrownBy(() -> b.maxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRetryAfter must be > PT0S, was PT-1S");
  }
}
