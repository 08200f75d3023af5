package io.brama.httpclient5;

import io.brama.http.HttpCall;
import io.brama.http.HttpGuard;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/** The async client's handler from {@link BramaExecInterceptor#async}. */
final class AsyncHandler implements AsyncExecChainHandler {
  private final HttpGuard guard;

  AsyncHandler(HttpGuard guard) {
    this.guard = guard;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer,
      AsyncExecChain.Scope scope, AsyncExecChain chain, AsyncExecCallback asyncExecCallback)
      throws HttpException, IOException {
    HttpCall call = guard.begin(Exchanges.uri(scope.originalRequest));
    if (!call.admitted()) {
      // through the callback, not thrown: the client then releases the request and response
      // handlers as for any failure; no connection was leased
      asyncExecCallback.failed(new CircuitOpenIOException(call.rejection()));
      return;
    }
    AsyncExchange exchange = new AsyncExchange(call, scope.cancellableDependency, asyncExecCallback);
    // the rest of the chain sees the exchange in place of the caller's future, so a cancellation
    // by the caller reaches the exchange whatever the chain is doing at the time
    AsyncExecChain.Scope guarded = new AsyncExecChain.Scope(scope.exchangeId, scope.route,
        scope.originalRequest, exchange, scope.clientContext, scope.execRuntime, scope.scheduler,
        scope.execCount);
    exchange.start();
    try {
      chain.proceed(request, entityProducer, guarded, exchange);
    } catch (Throwable e) { // the client fails the caller's future with it
      exchange.record(e);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "BramaExecInterceptor.async[" + guard.rules() + "]";
  }
}
