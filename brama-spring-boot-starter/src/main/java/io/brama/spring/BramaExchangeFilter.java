package io.brama.spring;

import io.brama.http.HttpCall;
import io.brama.http.HttpGuard;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Brama in front of a {@code WebClient}: each subscription of an exchange is one call of its
 * connection, its permit taken at subscription (brama-http's rules, as for the blocking clients). A
 * refused exchange is not sent and fails with the {@link io.brama.CircuitOpenException}; a
 * subscription cancelled before the response records nothing; with the connection's
 * {@code callTimeout}, an exchange not answered in time is a failure and the subscriber gets the
 * recorded {@code TimeoutException}. The response is passed on unchanged, its body unread.
 */
final class BramaExchangeFilter implements ExchangeFilterFunction {
  private final HttpGuard guard;

  BramaExchangeFilter(HttpGuard guard) {
    this.guard = guard;
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.defer(() -> {
      HttpCall call = guard.begin(request.url());
      if (!call.admitted()) {
        return Mono.error(call.rejection());
      }
      Sinks.Empty<ClientResponse> timedOut = Sinks.empty();
      Mono<ClientResponse> exchange = next.exchange(request)
          .doOnNext(response -> {
            HttpHeaders headers = response.headers().asHttpHeaders();
            call.response(response.statusCode().value(), headers.getFirst(HttpHeaders.RETRY_AFTER),
                headers.getFirst(HttpHeaders.DATE));
          })
          .doOnError(call::failed)
          .doOnCancel(call::cancelled);
      if (!call.onTimeout((TimeoutException e) -> timedOut.tryEmitError(e))) {
        return exchange;
      }
      return Mono.firstWithSignal(exchange, timedOut.asMono());
    });
  }

  @Override
  public String toString() {
    return "BramaExchangeFilter[" + guard.rules() + "]";
  }
}
