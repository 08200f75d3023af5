package io.brama.examples.webflux;

import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Calls the quotes API with {@link WebClient}. Each subscription of the {@code Mono} that
 * {@link #quote} returns is one call through the {@code quotes_api} circuit: after a few failures in
 * a row the service stops calling the broken API and answers from the fallback instead.
 */
@Service
public class QuoteClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final WebClient quotes;

  /** Calls the API at {@code quotes.url} with a client from Boot's {@code WebClient.Builder}. */
  public QuoteClient(WebClient.Builder builder, @Value("${quotes.url}") String url) {
    this.quotes = builder.baseUrl(url).build();
  }

  /**
   * The latest quote of {@code symbol}; a 5xx answer ({@code WebClientResponseException}), a refused
   * connection or a timeout is a failure of {@code quotes_api}.
   */
  @CircuitBreaker(value = "quotes_api", fallback = "unavailable")
  public Mono<String> quote(String symbol) {
    return quotes.get().uri("/quotes/{symbol}", symbol)
        .retrieve()
        .bodyToMono(String.class)
        .timeout(TIMEOUT);
  }

  /** Answers instead of {@link #quote} while {@code quotes_api} is open, without calling it. */
  public Mono<String> unavailable(String symbol, CircuitOpenException e) {
    long seconds = (e.retryAfter().toMillis() + 999) / 1000;
    return Mono.just(symbol + ": no quote (" + e.connection() + " is open, retry in " + seconds
        + "s)");
  }
}
