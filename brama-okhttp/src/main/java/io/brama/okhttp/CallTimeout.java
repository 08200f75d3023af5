package io.brama.okhttp;

import okhttp3.Call;
import okio.AsyncTimeout;

/**
 * Tells OkHttp's {@code callTimeout} from the caller's {@code Call.cancel()}: both cancel the call,
 * so the interceptor sees the same exception. OkHttp times a call with an Okio
 * {@link AsyncTimeout} ({@code Call.timeout()}) whose {@link AsyncTimeout#exit()} answers whether it
 * fired, and when the call ends OkHttp exits it itself and turns the error into an
 * {@code InterruptedIOException("timeout")} if it did. Exiting it here first takes that answer:
 * the interceptor then throws the same {@code InterruptedIOException}, and OkHttp's own exit finds
 * the timeout already exited and passes it through unchanged.
 */
final class CallTimeout {
  private CallTimeout() {}

  /**
   * Whether {@code call}'s {@code callTimeout} fired. Call it once, only for a cancelled call
   * whose chain is ending with an error: it ends the timeout's watch.
   *
   * @param call a cancelled call
   * @return whether its callTimeout cancelled it (false for a call not timed by OkHttp)
   */
  static boolean passed(Call call) {
    return call.timeout() instanceof AsyncTimeout timeout && timeout.exit();
  }
}
