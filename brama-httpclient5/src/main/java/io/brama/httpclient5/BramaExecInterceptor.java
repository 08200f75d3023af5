package io.brama.httpclient5;

import io.brama.Brama;
import io.brama.http.HttpGuard;
import io.brama.http.HttpRules;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.classic.ExecChainHandler;

/**
 * Puts a Brama circuit in front of an Apache HttpClient 5, as the first element of its exec chain:
 * <pre>{@code
 * CloseableHttpClient http = HttpClients.custom()
 *     .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.classic(brama))
 *     .build();
 * CloseableHttpAsyncClient async = HttpAsyncClients.custom()
 *     .addExecInterceptorFirst(BramaExecInterceptor.NAME, BramaExecInterceptor.async(brama))
 *     .build();
 * }</pre>
 *
 * <p>First, that is before the client's redirect, retry and protocol handlers: one call of the
 * caller's is one outcome, whatever redirects and automatic retries the client makes inside it; a
 * refusal is never retried by the client; and the connection id comes from the URI the caller sent
 * ({@link HttpRules#connectionIds()}, registered with type {@code http} on first use), not from a
 * redirect's. The outcome is recorded by {@link HttpRules} (see {@link io.brama.http.HttpCall}) when
 * the response head arrives, before the caller sees the response, unchanged, body unread. A refusal
 * sends nothing and leases no connection: the classic client throws, and the async client fails its
 * future with, a {@link CircuitOpenIOException} whose cause is the
 * {@link io.brama.CircuitOpenException}. An I/O error (connection refused or reset, connect or
 * response timeout) is a failure; a request the caller cancels (the async future, or
 * {@code HttpUriRequestBase.cancel()}) records nothing and frees the permit, a trial slot too.
 */
public final class BramaExecInterceptor {
  /** The name to add the handler under: {@value}. */
  public static final String NAME = "brama";

  private BramaExecInterceptor() {}

  /**
   * The handler for the classic client, with {@link HttpRules#defaults()}; add it with
   * {@code HttpClientBuilder.addExecInterceptorFirst}.
   *
   * @param brama where the calls are recorded
   * @return a new handler, thread-safe: one per client
   */
  public static ExecChainHandler classic(Brama brama) {
    return classic(brama, HttpRules.defaults());
  }

  /**
   * The handler for the classic client, with {@code rules}; add it with
   * {@code HttpClientBuilder.addExecInterceptorFirst}.
   *
   * @param brama where the calls are recorded
   * @param rules what is recorded and on which connection
   * @return a new handler, thread-safe: one per client
   */
  public static ExecChainHandler classic(Brama brama, HttpRules rules) {
    return new ClassicHandler(HttpGuard.of(brama, rules));
  }

  /**
   * The handler for the async client, with {@link HttpRules#defaults()}; add it with
   * {@code HttpAsyncClientBuilder.addExecInterceptorFirst}. The connection's {@code callTimeout}
   * applies: a call not answered in time fails with the recorded {@code TimeoutException}.
   *
   * @param brama where the calls are recorded
   * @return a new handler, thread-safe: one per client
   */
  public static AsyncExecChainHandler async(Brama brama) {
    return async(brama, HttpRules.defaults());
  }

  /**
   * The handler for the async client, with {@code rules}; add it with
   * {@code HttpAsyncClientBuilder.addExecInterceptorFirst}. The connection's {@code callTimeout}
   * applies: a call not answered in time fails with the recorded {@code TimeoutException}.
   *
   * @param brama where the calls are recorded
   * @param rules what is recorded and on which connection
   * @return a new handler, thread-safe: one per client
   */
  public static AsyncExecChainHandler async(Brama brama, HttpRules rules) {
    return new AsyncHandler(HttpGuard.of(brama, rules));
  }
}
