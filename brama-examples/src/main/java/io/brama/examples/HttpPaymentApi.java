package io.brama.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link PaymentApi} over HTTP: a 5xx answer is an {@link IOException}. */
final class HttpPaymentApi implements PaymentApi {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;

  HttpPaymentApi(URI uri) {
    this.uri = uri;
  }

  @Override
  public String pay(String order) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "?order=" + order))
        .timeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() >= 500) {
      throw new IOException("HTTP " + response.statusCode());
    }
    return response.body();
  }
}
