package io.brama.examples.webflux;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /quotes/{symbol}}: the quote, or the fallback's answer while the API's circuit is open. */
@RestController
public class QuoteController {
  private final QuoteClient client;

  /** Serves quotes through {@code client}. */
  public QuoteController(QuoteClient client) {
    this.client = client;
  }

  /** The quote of {@code symbol}. */
  @GetMapping("/quotes/{symbol}")
  public Mono<String> quote(@PathVariable String symbol) {
    return client.quote(symbol);
  }
}
