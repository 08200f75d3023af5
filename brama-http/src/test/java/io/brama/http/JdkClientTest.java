package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CircuitOpenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** {@link ClientRulesTest} for the JDK client: a request {@code timeout} as the read timeout. */
abstract class JdkClientTest extends ClientRulesTest {
  final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  HttpClient client = BramaHttpClient.wrap(jdk, brama);
  private Duration timeout;

  /** The request through the client under test: its response, or what the call threw. */
  abstract HttpResponse<String> exchange(HttpClient client, HttpRequest request) throws Exception;

  @Override
  protected Answer get(URI uri) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (timeout != null) {
      request.timeout(timeout);
    }
    HttpResponse<String> response = exchange(client, request.build());
    return new Answer(response.statusCode(), response.body(),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  @Override
  protected void useRules(HttpRules rules) {
    client = BramaHttpClient.wrap(jdk, brama, rules);
  }

  @Override
  protected CircuitOpenException rejection(Throwable thrown) {
    assertThat(thrown).isInstanceOf(CircuitOpenException.class);
    return (CircuitOpenException) thrown;
  }

  @Override
  protected Class<? extends IOException> readTimeout(Duration timeout) {
    this.timeout = timeout;
    return HttpTimeoutException.class;
  }
}
