package io.brama.reactor;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.Outcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The snippets of docs/reactive.md, kept here so that they compile; {@link LoopbackHttpTest} runs
 * {@link #quote} against a loopback server.
 */
final class GuideExample {
  private GuideExample() {}

  static Mono<String> quote(HttpClient http, Circuit quotes) {
    return http.get().uri("/quote")
        .responseContent().aggregate().asString()
        .transformDeferred(BramaOperator.of(quotes));        // a permit per subscription
  }

  static Flux<String> prices(Brama brama, Flux<String> ticks) {
    return ticks.transformDeferred(BramaOperator.of(brama, "prices")); // id looked up per subscription
  }

  static Mono<String> quoteOrCached(Mono<String> live, Circuit quotes, String cached) {
    return live.transformDeferred(BramaOperator.<String>of(quotes)
        .withFallback(rejection -> Mono.just(cached))      // refused only, never the source's errors
        .withErrorHandler((result, error) -> error == null && "".equals(result)
            ? Outcome.failure("empty quote")               // a value can be a failure too
            : error == null ? Outcome.success() : Outcome.failure(error)));
  }
}
