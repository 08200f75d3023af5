package io.brama.examples.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A gateway in front of a payment API and a quote API, each route guarded by its Brama circuit
 * ({@code application.yml}): while the payment API fails, the gateway answers 503 with
 * {@code Retry-After} without calling it; quotes fall back to a cached answer.
 */
@SpringBootApplication
public class GatewayApplication {
  /**
   * Starts the gateway; {@code --payments.url=...} and {@code --quotes.url=...} point it at the
   * APIs.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  /**
   * What the quotes route's {@code fallbackUri} forwards to.
   *
   * @return the fallback route
   */
  @Bean
  RouterFunction<ServerResponse> quotesFallback() {
    return RouterFunctions.route()
        .GET("/quotes-fallback", request -> ServerResponse.ok().bodyValue("cached quote"))
        .build();
  }
}
