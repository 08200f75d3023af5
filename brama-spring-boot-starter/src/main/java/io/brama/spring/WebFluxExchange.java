package io.brama.spring;

import io.brama.dashboard.EventSink;
import io.brama.dashboard.Exchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * One WebFlux request as the dashboard sees it. The dashboard answers while {@code handle} runs;
 * this records the answer, and {@link #respond} writes it.
 */
final class WebFluxExchange implements Exchange {
  private final ServerHttpRequest request;
  private final ServerHttpResponse response;
  private final String path;
  private int status;
  private byte[] body;
  private ReactiveEventSink stream;

  WebFluxExchange(ServerWebExchange exchange, String path) {
    this.request = exchange.getRequest();
    this.response = exchange.getResponse();
    this.path = path;
  }

  @Override
  public String method() {
    return request.getMethod().name();
  }

  @Override
  public String rawPath() {
    return path;
  }

  @Override
  public String rawQuery() {
    return request.getURI().getRawQuery();
  }

  @Override
  public String requestHeader(String name) {
    return request.getHeaders().getFirst(name);
  }

  @Override
  public String authority() {
    return request.getHeaders().getFirst("Host");
  }

  @Override
  public void setResponseHeader(String name, String value) {
    response.getHeaders().set(name, value);
  }

  @Override
  public boolean responded() {
    return body != null || stream != null;
  }

  @Override
  public void send(int status, String contentType, byte[] body) {
    claim();
    this.status = status;
    this.body = body;
    response.getHeaders().set("Content-Type", contentType);
    response.getHeaders().setContentLength(body.length);
  }

  @Override
  public EventSink startEventStream(Duration idleTimeout, Consumer<Throwable> onFailure) {
    claim();
    this.stream = new ReactiveEventSink(response.bufferFactory(), onFailure);
    return stream;
  }

  /** Writes what the dashboard answered (500 if nothing). */
  Mono<Void> respond() {
    if (stream != null) {
      response.setStatusCode(HttpStatusCode.valueOf(200));
      return response.writeAndFlushWith(stream.frames());
    }
    if (body == null) {
      send(500, "application/json; charset=utf-8",
          "{\"error\":\"no answer\"}".getBytes(StandardCharsets.UTF_8));
    }
    response.setStatusCode(HttpStatusCode.valueOf(status));
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }

  private void claim() {
    if (responded()) {
      throw new IllegalStateException("this exchange was answered already");
    }
  }
}
