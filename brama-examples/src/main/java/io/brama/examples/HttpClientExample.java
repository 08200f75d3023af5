package io.brama.examples;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.http.BramaHttpClient;
import io.brama.http.ConnectionIds;
import io.brama.http.HttpRules;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Snippets kept here so that they compile: {@link #clients} is the README's "Clients" section,
 * {@link #rules} is in docs/http-clients.md.
 */
@SuppressWarnings("unused")
final class HttpClientExample {
  private HttpClientExample() {}

  static String clients(Brama brama) throws IOException, InterruptedException {
    HttpClient http = BramaHttpClient.wrap(HttpClient.newHttpClient(), brama);
    try {
      return http.send(HttpRequest.newBuilder(URI.create("https://api.example.com/quote")).build(),
          HttpResponse.BodyHandlers.ofString()).body();   // 5xx, 408, I/O errors count as failures
    } catch (CircuitOpenException e) {                  // open: nothing was sent
      return "fallback, retry after " + e.retryAfter();
    }
  }

  static HttpClient rules(Brama brama) {
    HttpRules rules = HttpRules.builder()
        .failureStatus(status -> status >= 500)           // 408 a success too
        .maxRetryAfter(Duration.ofMinutes(2))             // never open longer on a server's word
        .connectionIds(ConnectionIds.fixed("payments"))   // every host of this client: one circuit
        .build();
    return BramaHttpClient.wrap(HttpClient.newHttpClient(), brama, rules);
  }
}
