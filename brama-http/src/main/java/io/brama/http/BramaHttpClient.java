package io.brama.http;

import io.brama.Brama;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Puts a Brama circuit in front of a JDK {@link HttpClient}:
 * {@code HttpClient http = BramaHttpClient.wrap(HttpClient.newHttpClient(), brama);}.
 *
 * <p>The returned client's {@code send} and both {@code sendAsync} take a permit for the request's
 * connection ({@link HttpRules#connectionIds()}, registered with type {@code http} on first use) and
 * record the outcome by {@link HttpRules} (see {@link HttpCall}) before the response, unchanged,
 * reaches the caller. A refusal sends nothing: {@code send} throws
 * {@link io.brama.CircuitOpenException} and {@code sendAsync} returns a future failed with it. A
 * {@code sendAsync} future cancelled by the caller records nothing and cancels the exchange; with
 * the connection's {@code callTimeout} set, a {@code sendAsync} not answered in time fails with the
 * recorded {@code TimeoutException}. Every other method delegates to the wrapped client, including
 * {@code newWebSocketBuilder()} (WebSocket traffic is not guarded) and, on JDK 21 and later,
 * {@code shutdown}, {@code shutdownNow}, {@code awaitTermination}, {@code isTerminated} and
 * {@code close}: {@code try (HttpClient c = wrap(...))} closes the wrapped client.
 */
public final class BramaHttpClient {
  private BramaHttpClient() {}

  /**
   * {@code client} guarded by {@code brama} with {@link HttpRules#defaults()}.
   *
   * @param client the client that sends the requests
   * @param brama where the calls are recorded
   * @return the guarded client
   */
  public static HttpClient wrap(HttpClient client, Brama brama) {
    return wrap(client, brama, HttpRules.defaults());
  }

  /**
   * {@code client} guarded by {@code brama} with {@code rules}.
   *
   * @param client the client that sends the requests
   * @param brama where the calls are recorded
   * @param rules what is recorded and on which connection
   * @return the guarded client
   */
  public static HttpClient wrap(HttpClient client, Brama brama, HttpRules rules) {
    Objects.requireNonNull(client, "client must not be null");
    return new GuardedHttpClient(client, HttpGuard.of(brama, rules));
  }
}
