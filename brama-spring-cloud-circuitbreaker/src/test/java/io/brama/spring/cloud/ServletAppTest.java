package io.brama.spring.cloud;

import io.brama.spring.BramaBuilderCustomizer;
import io.brama.testing.ManualClock;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FallbackFactory;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One servlet application on a free loopback port, shared by the Gateway Server MVC and OpenFeign
 * tests (one Spring context for both): Gateway MVC routes and Feign clients in front of a loopback
 * backend, Brama on a {@link ManualClock}, Resilience4j absent from the class path. The backend
 * lives as long as the JVM: the cached context may outlive each test class.
 */
@SpringBootTest(classes = ServletAppTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=servlet",
        // both Gateways are on the test class path: the WebFlux one refuses a servlet application
        "spring.cloud.gateway.server.webflux.enabled=false",
        "server.address=127.0.0.1",
        "brama.max-attempts=2",
        "brama.expiry=10s",
        "brama.connections[mvc-flaky].expiry=2500ms",
        "spring.cloud.gateway.server.webmvc.routes[0].id=mvc-flaky",
        "spring.cloud.gateway.server.webmvc.routes[0].uri=${backend.url}",
        "spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/flaky/**",
        "spring.cloud.gateway.server.webmvc.routes[0].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webmvc.routes[0].filters[0].args.id=mvc-flaky",
        "spring.cloud.gateway.server.webmvc.routes[0].filters[0].args.statusCodes=500,BAD_GATEWAY",
        "spring.cloud.gateway.server.webmvc.routes[1].id=mvc-fallback",
        "spring.cloud.gateway.server.webmvc.routes[1].uri=${backend.url}",
        "spring.cloud.gateway.server.webmvc.routes[1].predicates[0]=Path=/fb/**",
        "spring.cloud.gateway.server.webmvc.routes[1].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webmvc.routes[1].filters[0].args.id=mvc-fb",
        "spring.cloud.gateway.server.webmvc.routes[1].filters[0].args.fallbackUri=forward:/fallback",
        "spring.cloud.gateway.server.webmvc.routes[1].filters[0].args.statusCodes=500",
        "spring.cloud.gateway.server.webmvc.routes[2].id=mvc-shortcut",
        "spring.cloud.gateway.server.webmvc.routes[2].uri=${backend.url}",
        "spring.cloud.gateway.server.webmvc.routes[2].predicates[0]=Path=/short/**",
        "spring.cloud.gateway.server.webmvc.routes[2].filters[0]=CircuitBreaker=mvc-short",
        "spring.cloud.gateway.server.webmvc.routes[3].id=mvc-route-id",
        "spring.cloud.gateway.server.webmvc.routes[3].uri=${backend.url}",
        "spring.cloud.gateway.server.webmvc.routes[3].predicates[0]=Path=/unnamed/**",
        "spring.cloud.gateway.server.webmvc.routes[3].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webmvc.routes[3].filters[0].args.statusCodes=500",
        "spring.cloud.openfeign.circuitbreaker.enabled=true",
    })
abstract class ServletAppTest {
  static final Backend BACKEND = new Backend();
  static final ManualClock CLOCK = new ManualClock();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    registry.add("backend.url", BACKEND::url);
  }

  HttpResponse<String> get(String path) throws Exception {
    return LoopbackHttp.get(port, path);
  }

  /** A Feign client named by its {@code name}, with a fallback. */
  @FeignClient(name = "quotes", url = "${backend.url}", fallback = QuotesFallback.class)
  interface QuotesClient {
    @GetMapping("/feign/quote")
    String quote();
  }

  /** What {@link QuotesClient} answers instead. */
  static class QuotesFallback implements QuotesClient {
    @Override
    public String quote() {
      return "fallback quote";
    }
  }

  /** A Feign client with a {@code contextId}, and a fallback factory that keeps the causes. */
  @FeignClient(name = "orders", contextId = "orders-client", url = "${backend.url}",
      fallbackFactory = OrdersFallbackFactory.class)
  interface OrdersClient {
    @GetMapping("/feign/order")
    String order();
  }

  /** Answers for {@link OrdersClient}, keeping every throwable it was given. */
  static class OrdersFallbackFactory implements FallbackFactory<OrdersClient> {
    final List<Throwable> causes = new CopyOnWriteArrayList<>();

    @Override
    public OrdersClient create(Throwable cause) {
      causes.add(cause);
      return () -> "fallback order";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableFeignClients(clients = {QuotesClient.class, OrdersClient.class})
  static class App {
    @Bean
    QuotesFallback quotesFallback() {
      return new QuotesFallback();
    }

    @Bean
    OrdersFallbackFactory ordersFallbackFactory() {
      return new OrdersFallbackFactory();
    }

    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK);
    }

    @Bean
    RouterFunction<ServerResponse> dslRoute() {
      return GatewayRouterFunctions.route("mvc-dsl")
          .GET("/dsl/**", HandlerFunctions.http())
          .before(BeforeFilterFunctions.uri(BACKEND.url()))
          .filter(BramaCircuitBreakerFilterFunctions.circuitBreaker("mvc-dsl"))
          .build();
    }

    @Bean
    RouterFunction<ServerResponse> fallback() {
      return RouterFunctions.route().GET("/fallback", request -> ServerResponse.ok().body("fallback"))
          .build();
    }
  }
}
