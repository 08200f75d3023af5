package io.brama.httpclient5;

import io.brama.http.HttpCall;
import io.brama.http.HttpGuard;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/** The classic client's handler from {@link BramaExecInterceptor#classic}. */
final class ClassicHandler implements ExecChainHandler {
  private final HttpGuard guard;

  ClassicHandler(HttpGuard guard) {
    this.guard = guard;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope,
      ExecChain chain) throws IOException, HttpException {
    HttpCall call = guard.begin(Exchanges.uri(scope.originalRequest));
    if (!call.admitted()) {
      throw new CircuitOpenIOException(call.rejection());
    }
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (Throwable e) {
      if (Exchanges.abandoned(e, scope.originalRequest)) {
        call.cancelled();
      } else {
        call.failed(e);
      }
      throw e;
    }
    // recorded on the head: the body is the caller's to read (or not), unconsumed here
    Exchanges.record(call, response);
    return response;
  }

  @Override
  public String toString() {
    return "BramaExecInterceptor.classic[" + guard.rules() + "]";
  }
}
