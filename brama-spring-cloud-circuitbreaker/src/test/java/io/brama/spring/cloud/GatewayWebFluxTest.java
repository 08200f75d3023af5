package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CircuitState;
import io.brama.testing.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A Spring Cloud Gateway (WebFlux) application on a free loopback port, its routes guarded by
 * Brama's {@code CircuitBreaker} filter (from properties and from the Java DSL) in front of a
 * failing loopback backend; time on a {@link ManualClock}.
 */
@SpringBootTest(classes = GatewayWebFluxTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=reactive",
        "server.address=127.0.0.1",
        "brama.max-attempts=2",
        "brama.expiry=10s",
        "brama.connections[flaky].expiry=2500ms",
        "spring.cloud.gateway.server.webflux.routes[0].id=flaky",
        "spring.cloud.gateway.server.webflux.routes[0].uri=${backend.url}",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/flaky/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.statusCodes=500,502",
        "spring.cloud.gateway.server.webflux.routes[1].id=with-fallback",
        "spring.cloud.gateway.server.webflux.routes[1].uri=${backend.url}",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/fb/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.name=fb",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.fallbackUri=forward:/fallback",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.statusCodes=500",
    })
class GatewayWebFluxTest extends GatewayWebFluxAppTest {

  @Autowired
  SpringCloudCircuitBreakerFilterFactory filterFactory;

  HttpResponse<String> get(String path) throws Exception {
    return LoopbackHttp.get(port, path);
  }

  @Test
  void theFilterIsBramasUnderGatewaysName() {
    assertThat(filterFactory).isInstanceOf(BramaCircuitBreakerFilterFactory.class);
    assertThat(filterFactory.name()).isEqualTo("CircuitBreaker");
  }

  @Test
  void openAfterMaxAttemptsAnswers503WithRetryAfterWithoutReachingTheBackendThenRecovers()
      throws Exception {
    BACKEND.answer("/flaky/x", 500);
    HttpResponse<String> failed = get("/flaky/x");
    // the backend's own answer, counted as a failure
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.body()).isEqualTo("backend /flaky/x");
    assertThat(get("/flaky/x").statusCode()).isEqualTo(500);
    assertThat(BACKEND.requests("/flaky/x")).isEqualTo(2);

    HttpResponse<String> rejected = get("/flaky/x");
    assertThat(rejected.statusCode()).isEqualTo(503);
    // 2.5 s left, rounded up to whole seconds
    assertThat(rejected.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(get("/flaky/x").statusCode()).isEqualTo(503);
    assertThat(BACKEND.requests("/flaky/x")).isEqualTo(2);

    CLOCK.advance(Duration.ofMillis(1500));
    assertThat(get("/flaky/x").headers().firstValue("Retry-After")).hasValue("1");

    BACKEND.answer("/flaky/x", 200);
    CLOCK.advance(Duration.ofSeconds(1));
    HttpResponse<String> recovered = get("/flaky/x");
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(recovered.body()).isEqualTo("backend /flaky/x");
    assertThat(BACKEND.requests("/flaky/x")).isEqualTo(3);
    assertThat(brama.status("flaky").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theFallbackUriServesFailuresAndRejections() throws Exception {
    BACKEND.answer("/fb/y", 500);
    HttpResponse<String> failed = get("/fb/y");
    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(failed.body()).isEqualTo("fallback");
    get("/fb/y");
    assertThat(BACKEND.requests("/fb/y")).isEqualTo(2);

    HttpResponse<String> rejected = get("/fb/y");
    assertThat(rejected.body()).isEqualTo("fallback");
    assertThat(BACKEND.requests("/fb/y")).isEqualTo(2);
    assertThat(brama.status("fb").state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theJavaDslUsesTheSameFilter() throws Exception {
    BACKEND.answer("/dsl/z", 502);
    assertThat(get("/dsl/z").statusCode()).isEqualTo(502);
    assertThat(get("/dsl/z").body()).isEqualTo("backend /dsl/z");
    HttpResponse<String> rejected = get("/dsl/z");
    assertThat(rejected.statusCode()).isEqualTo(503);
    assertThat(rejected.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(BACKEND.requests("/dsl/z")).isEqualTo(2);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OnTheManualClock.class)
  static class App {
    @Bean
    RouteLocator dslRoutes(RouteLocatorBuilder routes) {
      return routes.routes()
          .route("dsl", r -> r.path("/dsl/**")
              .filters(f -> f.circuitBreaker(c -> c.setName("dsl").addStatusCode("BAD_GATEWAY")))
              .uri(BACKEND.url()))
          .build();
    }

    @Bean
    RouterFunction<ServerResponse> fallback() {
      return RouterFunctions.route().GET("/fallback", request -> ServerResponse.ok().bodyValue("fallback"))
          .build();
    }
  }
}
