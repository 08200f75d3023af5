package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitState;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Gateway Server MVC routes guarded by Brama's {@code CircuitBreaker} filter, no Resilience4j. */
class GatewayMvcTest extends ServletAppTest {
  @Autowired
  Brama brama;

  @Test
  void resilience4jIsAbsent() {
    assertThatThrownBy(() -> Class.forName(
        "io.github.resilience4j.circuitbreaker.CallNotPermittedException"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void listedStatusesCountAsFailuresThenOpenAnswers503WithRetryAfterThenRecovers()
      throws Exception {
    BACKEND.answer("/flaky/a", 502);
    HttpResponse<String> failed = get("/flaky/a");
    // the backend's own answer, counted as a failure
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body()).isEqualTo("backend /flaky/a");
    get("/flaky/a");
    assertThat(BACKEND.requests("/flaky/a")).isEqualTo(2);

    HttpResponse<String> rejected = get("/flaky/a");
    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(BACKEND.requests("/flaky/a")).isEqualTo(2);

    BACKEND.answer("/flaky/a", 200);
    CLOCK.advance(Duration.ofMillis(2500));
    HttpResponse<String> recovered = get("/flaky/a");
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(recovered.body()).isEqualTo("backend /flaky/a");
    assertThat(BACKEND.requests("/flaky/a")).isEqualTo(3);
    assertThat(brama.status("mvc-flaky").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theFallbackUriServesFailuresAndRejections() throws Exception {
    BACKEND.answer("/fb/b", 500);
    assertThat(get("/fb/b").body()).isEqualTo("fallback");
    assertThat(get("/fb/b").body()).isEqualTo("fallback");
    HttpResponse<String> rejected = get("/fb/b");
    assertThat(rejected.statusCode()).isEqualTo(200);
    assertThat(rejected.body()).isEqualTo("fallback");
    assertThat(BACKEND.requests("/fb/b")).isEqualTo(2);
    assertThat(brama.status("mvc-fb").state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theShortcutFormNamesTheConnection() throws Exception {
    assertThat(get("/short/c").statusCode()).isEqualTo(200);
    brama.open("mvc-short", "maintenance", Duration.ofMillis(61_200));
    HttpResponse<String> rejected = get("/short/c");
    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.headers().firstValue("Retry-After")).hasValue("62");
    assertThat(BACKEND.requests("/short/c")).isEqualTo(1);
  }

  @Test
  void withoutIdTheRouteIdNamesTheConnection() throws Exception {
    BACKEND.answer("/unnamed/d", 500);
    assertThat(get("/unnamed/d").statusCode()).isEqualTo(500);
    assertThat(get("/unnamed/d").statusCode()).isEqualTo(500);
    assertThat(get("/unnamed/d").statusCode()).isEqualTo(503);
    assertThat(brama.status("mvc-route-id").state()).isEqualTo(CircuitState.OPEN);
    assertThat(BACKEND.requests("/unnamed/d")).isEqualTo(2);
  }

  @Test
  void theJavaDslUsesTheSameFilter() throws Exception {
    assertThat(get("/dsl/e").body()).isEqualTo("backend /dsl/e");
    brama.open("mvc-dsl", "maintenance", Duration.ofSeconds(5));
    HttpResponse<String> rejected = get("/dsl/e");
    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(BACKEND.requests("/dsl/e")).isEqualTo(1);
  }
}
