package io.brama.spring;

import java.net.URI;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;

/**
 * The dashboard on Spring WebFlux: mapped under the mount path, it hands each request to the {@link
 * io.brama.dashboard.MountedDashboard} through a {@link WebFluxExchange}. Requests reach it after the
 * application's web filters, Spring Security's included. The dashboard answers at once (it never
 * blocks), so it runs on the server's event loop.
 */
final class WebFluxDashboardHandler implements WebHandler {
  private final DashboardMount mount;

  WebFluxDashboardHandler(DashboardMount mount) {
    this.mount = mount;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange) {
    // The request is read to its end first: Reactor Netty may stop reading a kept-alive connection
    // whose queued request was answered before its end was read (see the Spring Cloud module's
    // BramaCircuitBreakerFilterFactory and GatewayKeepAliveTest).
    return exchange.getRequest().getBody()
        .doOnNext(DataBufferUtils::release)
        .onErrorComplete()
        .then(Mono.defer(() -> answer(exchange)));
  }

  private Mono<Void> answer(ServerWebExchange exchange) {
    // still percent-encoded, as the dashboard expects
    String path = mount.relative(exchange.getRequest().getPath().pathWithinApplication().value());
    ServerHttpResponse response = exchange.getResponse();
    if (path == null) {
      response.setStatusCode(HttpStatus.NOT_FOUND);
      return response.setComplete();
    }
    if (path.isEmpty()) {
      response.setStatusCode(HttpStatus.PERMANENT_REDIRECT);
      response.getHeaders().setLocation(
          URI.create(mount.redirect(exchange.getRequest().getURI().getRawQuery())));
      return response.setComplete();
    }
    WebFluxExchange adapter = new WebFluxExchange(exchange, path);
    mount.dashboard().handle(adapter);
    return adapter.respond();
  }
}
