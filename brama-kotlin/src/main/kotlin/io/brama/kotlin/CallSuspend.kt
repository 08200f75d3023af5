package io.brama.kotlin

import io.brama.Brama
import io.brama.Circuit
import io.brama.CircuitOpenException
import io.brama.Permit
import kotlinx.coroutines.TimeoutCancellationException

/**
 * Runs [block] through this circuit as one call: the permit is taken before [block] starts and
 * held across its suspensions, without blocking a thread or using a `ThreadLocal`, on any
 * dispatcher.
 *
 * - Refused: throws [CircuitOpenException] (with `retryAfter`) without running [block].
 * - A returned value is a success; a thrown exception is classified by the connection's
 *   `recordExceptions` and `ignoreExceptions`, as `call` would, and rethrown unchanged. The
 *   duration, for slow calls, runs on the Brama's clock from the start of [block] to its end.
 * - The calling coroutine cancelled (its job no longer active, a `withTimeout` around this call
 *   included): nothing is recorded and the permit is freed, a HALF_OPEN trial slot too.
 * - A [TimeoutCancellationException] thrown out of [block] while the caller is active (a
 *   `withTimeout` inside [block]) is a failure whatever the exception rules say; any other
 *   `CancellationException` is classified like any exception. Both are rethrown unchanged.
 * - The connection's `callTimeout`: once it passes on the Brama's clock the call is recorded as a
 *   failure, [block] is cancelled and this throws the recorded
 *   [java.util.concurrent.TimeoutException] (the caller is not cancelled).
 *
 * ```kotlin
 * val quote = quotes.callSuspend { client.get("/quote") }
 * ```
 *
 * @param block the call to make
 * @return what [block] returned
 * @throws CircuitOpenException when the circuit refuses the call
 * @throws java.util.concurrent.TimeoutException when the connection's `callTimeout` passed first
 * @throws io.brama.UnknownConnectionException when this circuit was unregistered
 */
public suspend fun <T> Circuit.callSuspend(block: suspend () -> T): T =
    tryAcquire().runCall(id(), SuspendCall, block)

/**
 * Runs [block] through the connection [id] of this Brama, with the rules of
 * [Circuit.callSuspend]; the id is looked up at each call.
 *
 * @param id the connection's id
 * @param block the call to make
 * @return what [block] returned
 * @throws CircuitOpenException when the circuit refuses the call
 * @throws java.util.concurrent.TimeoutException when the connection's `callTimeout` passed first
 * @throws io.brama.UnknownConnectionException when [id] is not registered
 */
public suspend fun <T> Brama.callSuspend(id: String, block: suspend () -> T): T =
    tryAcquire(id).runCall(id, SuspendCall, block)

/**
 * The rules of [callSuspend] for a thrown exception: the caller's cancellation records nothing, a
 * timeout inside the block fails, anything else is classified by the exception rules.
 */
internal object SuspendCall : Verdict {
  override fun record(permit: Permit, error: Throwable, callerActive: Boolean) {
    when {
      !callerActive -> permit.ignore()
      error is TimeoutCancellationException -> permit.failure(error)
      else -> permit.complete(null, error)
    }
  }
}
