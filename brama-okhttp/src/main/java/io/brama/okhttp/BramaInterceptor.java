package io.brama.okhttp;

import io.brama.Brama;
import io.brama.http.HttpCall;
import io.brama.http.HttpGuard;
import io.brama.http.HttpRules;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * An OkHttp application interceptor that puts a Brama circuit in front of every call of the
 * client it is added to, by brama-http's {@link HttpRules}:
 * {@code new OkHttpClient.Builder().addInterceptor(BramaInterceptor.of(brama)).build()}.
 * <ul>
 *   <li>The connection id comes from the URL the caller sent (an application interceptor sees it
 *       before redirects). A refused call is never sent: it fails with a
 *       {@link CircuitOpenIOException} whose cause is the {@code CircuitOpenException}.
 *   <li>A response is recorded by its status and {@code Retry-After}, and returned unchanged: its
 *       body is not read. A response the network did not give (served from OkHttp's cache, or the
 *       504 of an unsatisfiable {@code only-if-cached}) records nothing: the server was not asked.
 *   <li>An I/O error (connection refused or reset, {@code connectTimeout}, {@code readTimeout},
 *       {@code writeTimeout}) is classified by the connection's exception rules, a failure with
 *       the defaults, and so is OkHttp's {@code callTimeout}: the caller gets OkHttp's
 *       {@code InterruptedIOException("timeout")}, which is what is recorded.
 *   <li>A call the caller cancels ({@code Call.cancel()}) records nothing and frees its permit, a
 *       HALF_OPEN trial slot too.
 *   <li>The connection's own {@code callTimeout} applies on the Brama's clock: when it passes
 *       first, the {@code TimeoutException} failure is recorded, the OkHttp call is cancelled and
 *       the caller gets an {@link InterruptedIOException} caused by it.
 * </ul>
 * The outcome is recorded before {@code execute()} returns or the {@code Callback} is called.
 * Added twice to one client, the instance guards each call once. Thread-safe; one instance may
 * serve many clients.
 */
public final class BramaInterceptor implements Interceptor {
  private final HttpGuard guard;
  /** The call this instance guards on this thread, so an instance added twice guards it once. */
  private final ThreadLocal<Call> guarding = new ThreadLocal<>();

  private BramaInterceptor(HttpGuard guard) {
    this.guard = guard;
  }

  /**
   * An interceptor recording on {@code brama} by {@link HttpRules#defaults()}.
   *
   * @param brama where calls are recorded
   * @return a new interceptor, to add with {@code OkHttpClient.Builder.addInterceptor}
   */
  public static BramaInterceptor of(Brama brama) {
    return of(brama, HttpRules.defaults());
  }

  /**
   * An interceptor recording on {@code brama} by {@code rules}.
   *
   * @param brama where calls are recorded
   * @param rules what is recorded: failing statuses, {@code Retry-After}, connection ids
   * @return a new interceptor, to add with {@code OkHttpClient.Builder.addInterceptor}
   */
  public static BramaInterceptor of(Brama brama, HttpRules rules) {
    return new BramaInterceptor(HttpGuard.of(brama, rules));
  }

  /**
   * Guards one call: refuses it with a {@link CircuitOpenIOException}, or proceeds and records
   * the outcome as the class comment says.
   *
   * @param chain OkHttp's application chain
   * @return the response, unchanged
   * @throws IOException what the call failed with, or the rejection
   * @throws IllegalStateException when added as a network interceptor, or the Brama is closed
   * @throws IllegalArgumentException when the rules' {@code ConnectionIds} give no id for the URL
   */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Objects.requireNonNull(chain, "chain must not be null");
    if (chain.connection() != null) {
      // a network interceptor sees each redirect and retry, and never a cached response
      throw new IllegalStateException("BramaInterceptor is an application interceptor: add it with "
          + "OkHttpClient.Builder.addInterceptor, not addNetworkInterceptor");
    }
    Call okCall = chain.call();
    Call outer = guarding.get();
    if (outer == okCall) { // added twice: the outer one guards this call
      return chain.proceed(chain.request());
    }
    guarding.set(okCall);
    try {
      return guard(chain, okCall);
    } finally {
      if (outer == null) {
        guarding.remove();
      } else {
        guarding.set(outer); // a call made from inside another one's chain
      }
    }
  }

  private Response guard(Chain chain, Call okCall) throws IOException {
    HttpCall call = guard.begin(chain.request().url().uri());
    if (!call.admitted()) {
      throw new CircuitOpenIOException(call.rejection());
    }
    AtomicReference<TimeoutException> timedOut = new AtomicReference<>();
    call.onTimeout(e -> { // armed before sending: the answer cannot be recorded first
      timedOut.set(e);
      okCall.cancel();
    });
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      IOException error = failed(call, okCall, e);
      throw timedOut.get() == null ? error : timeout(timedOut.get());
    } catch (RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
    if (!record(call, response) && timedOut.get() != null) {
      response.close(); // the Brama's callTimeout passed as the answer came: it was recorded
      throw timeout(timedOut.get());
    }
    return response;
  }

  /** Records an error, telling OkHttp's callTimeout from the caller's cancel; what to throw. */
  private static IOException failed(HttpCall call, Call okCall, IOException e) {
    if (!okCall.isCanceled()) {
      call.failed(e);
      return e;
    }
    if (CallTimeout.passed(okCall)) {
      // what OkHttp would throw for it: the caller sees the same exception as without Brama
      InterruptedIOException timeout = new InterruptedIOException("timeout");
      timeout.initCause(e);
      call.failed(timeout);
      return timeout;
    }
    call.cancelled();
    return e;
  }

  /** Records a response the network gave; whether this recorded the call's outcome. */
  private static boolean record(HttpCall call, Response response) {
    if (response.networkResponse() == null) { // the cache answered: the server was not asked
      return call.cancelled();
    }
    int status = response.code();
    if (status == 429 || status == 503) {
      return call.response(status, response.header("Retry-After"), response.header("Date"));
    }
    return call.response(status, null, null);
  }

  private static InterruptedIOException timeout(TimeoutException recorded) {
    InterruptedIOException e = new InterruptedIOException(recorded.getMessage());
    e.initCause(recorded);
    return e;
  }

  @Override
  public String toString() {
    return "BramaInterceptor[" + guard.rules() + "]";
  }
}
