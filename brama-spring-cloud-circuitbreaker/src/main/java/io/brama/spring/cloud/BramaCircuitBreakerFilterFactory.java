package io.brama.spring.cloud;

import io.brama.CircuitOpenException;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} route filter for Brama, under the same name and
 * with the same arguments ({@code name}, defaulting to the route id; {@code fallbackUri};
 * {@code statusCodes}; {@code resumeWithoutError}), from YAML or the Java route DSL. Gateway
 * registers its own only beside Resilience4j. A rejected request goes to the fallback URI or,
 * without one, is answered here with 503 and a {@code Retry-After} header in whole seconds,
 * rounded up (set on the response by the filter: Boot's error handler would drop an exception's
 * headers), once the request has been read to its end, so that a kept-alive connection goes on
 * serving the client's next request; a {@code callTimeout} without a fallback is a 504. A response
 * with a listed status counts as a failure and, without a fallback, reaches the client as the
 * backend sent it (Gateway's own filter turns it into a 500).
 */
public class BramaCircuitBreakerFilterFactory extends SpringCloudCircuitBreakerFilterFactory {
  /**
   * A filter factory guarding routes with the breakers of {@code factory}.
   *
   * @param factory makes a route's breaker, once per route
   * @param dispatcherHandler serves a {@code forward:} fallback URI
   */
  public BramaCircuitBreakerFilterFactory(ReactiveCircuitBreakerFactory<?, ?> factory,
      ObjectProvider<DispatcherHandler> dispatcherHandler) {
    super(factory, dispatcherHandler);
  }

  /**
   * Gateway's circuit-breaker filter, answering a rejection that has no fallback with 503 and
   * {@code Retry-After}.
   *
   * @param config the route's arguments
   * @return the route filter
   */
  @Override
  public GatewayFilter apply(Config config) {
    GatewayFilter guarded = super.apply(config);
    boolean withoutFallback = config.getFallbackUri() == null;
    return new GatewayFilter() {
      @Override
      public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Mono<Void> filtered = guarded.filter(exchange, chain)
            .onErrorResume(CircuitOpenException.class, e -> reject(exchange, e));
        // the backend's response, status already set and body not yet written, goes on as it is
        return withoutFallback
            ? filtered.onErrorResume(CircuitBreakerStatusCodeException.class, e -> Mono.empty())
            : filtered;
      }

      @Override
      public String toString() {
        return guarded.toString();
      }
    };
  }

  /**
   * Without a fallback URI: a rejection passes on to {@link #apply}'s filter, which answers it; a
   * {@link TimeoutException} becomes 504; anything else ends the exchange normally with
   * {@code resumeWithoutError}, else passes on.
   *
   * @param t what the breaker failed with
   * @param resumeWithoutError the route's argument
   * @return the outcome of the exchange
   */
  @Override
  protected Mono<Void> handleErrorWithoutFallback(Throwable t, boolean resumeWithoutError) {
    if (t instanceof CircuitOpenException) {
      return Mono.error(t);
    }
    if (t instanceof TimeoutException) {
      return Mono.error(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, t.getMessage(), t));
    }
    return resumeWithoutError ? Mono.empty() : Mono.error(t);
  }

  private static Mono<Void> reject(ServerWebExchange exchange, CircuitOpenException e) {
    // The request is read to its end before the answer. Reactor Netty queues a kept-alive request
    // that arrives before the previous response's last packet is flushed; answered while the rest
    // of that request is still queued (a rejection answers at once, within the read), it never
    // reads from the connection again and the client's next request hangs (issue 21). Whatever
    // became of the body, the answer is the rejection.
    return exchange.getRequest().getBody()
        .doOnNext(DataBufferUtils::release)
        .onErrorComplete()
        .then(Mono.defer(() -> {
          // a rejected exchange never reached the chain: nothing is committed yet
          ServerHttpResponse response = exchange.getResponse();
          response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
          response.getHeaders().set(RetryAfter.HEADER, RetryAfter.seconds(e.retryAfter()));
          return response.setComplete();
        }));
  }
}
