package io.brama.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The client {@link BramaHttpClient#wrap} returns; its class comment says what it does. */
final class GuardedHttpClient extends HttpClient {
  private final HttpClient delegate;
  private final HttpGuard guard;

  GuardedHttpClient(HttpClient delegate, HttpGuard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> responseBodyHandler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(responseBodyHandler, "responseBodyHandler must not be null");
    HttpCall call = guard.begin(request.uri());
    if (!call.admitted()) {
      throw call.rejection();
    }
    HttpResponse<T> response;
    try {
      response = delegate.send(request, responseBodyHandler);
    } catch (Throwable e) { // InterruptedException: the caller gave up, recorded as cancelled
      call.failed(e);
      throw e;
    }
    record(call, response);
    return response;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      BodyHandler<T> responseBodyHandler) {
    return sendAsync(request, responseBodyHandler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      BodyHandler<T> responseBodyHandler, PushPromiseHandler<T> pushPromiseHandler) {
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(responseBodyHandler, "responseBodyHandler must not be null");
    HttpCall call = guard.begin(request.uri());
    if (!call.admitted()) {
      return CompletableFuture.failedFuture(call.rejection());
    }
    return new AsyncExchange<T>(call).start(delegate, request, responseBodyHandler,
        pushPromiseHandler);
  }

  /** Records a response, reading the two headers only when the status can carry Retry-After. */
  static void record(HttpCall call, HttpResponse<?> response) {
    int status = response.statusCode();
    if (status == 429 || status == 503) {
      call.response(status, response.headers().firstValue("Retry-After").orElse(null),
          response.headers().firstValue("Date").orElse(null));
    } else {
      call.response(status, null, null);
    }
  }

  /**
   * One guarded {@code sendAsync}: the caller's future completes only after the outcome is
   * recorded; the caller's cancellation records nothing and cancels the wrapped exchange.
   */
  private static final class AsyncExchange<T> {
    private final HttpCall call;
    private final CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    /** The wrapped client's exchange; null until sent. */
    private volatile CompletableFuture<HttpResponse<T>> exchange;

    AsyncExchange(HttpCall call) {
      this.call = call;
    }

    CompletableFuture<HttpResponse<T>> start(HttpClient client, HttpRequest request,
        BodyHandler<T> handler, PushPromiseHandler<T> pushPromiseHandler) {
      // armed before sending, so no answer can be recorded before the timer exists
      call.onTimeout(timedOut -> {
        result.completeExceptionally(timedOut);
        cancelExchange();
      });
      result.whenComplete((response, error) -> {
        if (error instanceof CancellationException) { // the caller cancelled
          call.cancelled();
          cancelExchange();
        }
      });
      CompletableFuture<HttpResponse<T>> sent;
      try {
        sent = pushPromiseHandler == null ? client.sendAsync(request, handler)
            : client.sendAsync(request, handler, pushPromiseHandler);
      } catch (RuntimeException | Error e) {
        call.failed(e);
        throw e;
      }
      exchange = sent;
      if (result.isDone()) { // cancelled or timed out while the request was being handed over
        sent.cancel(true);
      }
      sent.whenComplete((response, error) -> {
        if (error == null) {
          record(call, response);
          result.complete(response);
        } else {
          call.failed(error);
          result.completeExceptionally(error);
        }
      });
      return result;
    }

    private void cancelExchange() {
      CompletableFuture<HttpResponse<T>> sent = exchange;
      if (sent != null) {
        sent.cancel(true);
      }
    }
  }

  // ---- everything else is the wrapped client's ----

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  // JDK 21's lifecycle methods: no @Override, so this compiles for 17 (ClientLifecycle).

  /** Shuts the wrapped client down (JDK 21+). */
  public void shutdown() {
    ClientLifecycle.shutdown(delegate);
  }

  /** Shuts the wrapped client down now (JDK 21+). */
  public void shutdownNow() {
    ClientLifecycle.shutdownNow(delegate);
  }

  /**
   * Waits for the wrapped client to terminate (JDK 21+).
   *
   * @param duration how long to wait
   * @return whether it terminated
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitTermination(Duration duration) throws InterruptedException {
    return ClientLifecycle.awaitTermination(delegate, duration);
  }

  /**
   * Whether the wrapped client terminated (JDK 21+).
   *
   * @return whether it terminated
   */
  public boolean isTerminated() {
    return ClientLifecycle.isTerminated(delegate);
  }

  /** Closes the wrapped client (JDK 21+). */
  public void close() {
    ClientLifecycle.close(delegate);
  }

  @Override
  public String toString() {
    return "BramaHttpClient[" + delegate + ", " + guard.rules() + "]";
  }
}
