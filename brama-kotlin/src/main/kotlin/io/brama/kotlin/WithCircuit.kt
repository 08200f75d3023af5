package io.brama.kotlin

import io.brama.Circuit
import io.brama.CircuitOpenException
import io.brama.Permit
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * This flow guarded by [circuit]: each collection is one call, its permit taken when collection
 * starts (not when the flow is built), with the rules of [callSuspend] and these for a stream:
 *
 * - Refused: collection throws [CircuitOpenException] without collecting this flow.
 * - Completion is a success; an exception from this flow is classified by the connection's
 *   exception rules (a `TimeoutCancellationException` while the collector is active is a failure).
 * - A collector that stops early, throws, or is cancelled after at least one element (`first()`,
 *   `take(n)`, a cancelled collecting job) is a success: the remote answered.
 * - The collecting coroutine cancelled before any element: nothing is recorded, the permit freed.
 * - The connection's `callTimeout` covers the whole collection: when it passes the collection is
 *   cancelled and throws the recorded [java.util.concurrent.TimeoutException], elements or not.
 *
 * ```kotlin
 * prices.withCircuit(circuit).collect { show(it) }
 * ```
 *
 * @param circuit the connection's handle
 * @return a flow that takes a permit at each collection
 */
public fun <T> Flow<T>.withCircuit(circuit: Circuit): Flow<T> {
  val upstream = this
  return flow {
    val call = FlowCall()
    circuit.tryAcquire().runCall(circuit.id(), call) {
      upstream.collect { value ->
        call.answered = true
        try {
          emit(value)
        } catch (e: Throwable) {
          call.collectorStopped = true
          throw e
        }
      }
    }
  }
}

/**
 * One collection's record: whether an element reached the collector and whether the collector
 * threw (an early stop is an exception from `emit`). Read and written by the collecting coroutine
 * only.
 */
private class FlowCall : Verdict {
  var answered = false
  var collectorStopped = false

  override fun record(permit: Permit, error: Throwable, callerActive: Boolean) {
    if (answered && (collectorStopped || !callerActive)) {
      permit.success()
    } else {
      SuspendCall.record(permit, error, callerActive)
    }
  }
}
