package io.brama.kotlin

import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.CircuitState
import java.util.concurrent.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Rule K3: the caller's cancellation records nothing, in every state; a timeout inside the block is
 * a failure; any other `CancellationException` is classified; all are rethrown unchanged.
 */
class CancellationTest : GuardedTest() {
  @Test
  fun aCancelledCallerRecordsNothingInClosed() = runTest {
    start(rules())
    circuit.failure("earlier")
    var seen: Throwable? = null
    val caller = launch {
      seen = caught { circuit.callSuspend { awaitCancellation() } }
    }
    runCurrent()
    caller.cancel()
    caller.join()

    assertThat(seen).isInstanceOf(CancellationException::class.java)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 1, 0, 0))
    assertThat(circuit.status().failureCount()).`as`("not a success: the count stays").isEqualTo(1)
  }

  @Test
  fun aCancelledTrialLetsTheNextCallerTakeTheTrial() = runTest {
    start(rules().halfOpenTrials(1))
    halfOpen()
    val trial = launch { circuit.callSuspend { awaitCancellation() } }
    runCurrent()
    assertThat(caught { circuit.callSuspend { "second" } }).`as`("the one trial slot is taken")
        .isInstanceOf(CircuitOpenException::class.java)

    trial.cancel()
    trial.join()

    assertThat(circuit.state()).isEqualTo(CircuitState.HALF_OPEN)
    assertThat(circuit.status().activeTrials()).isZero()
    assertThat(circuit.callSuspend { "next" }).isEqualTo("next")
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 1, 1, 0))
  }

  @Test
  fun aWithTimeoutAroundTheCallCancelsTheCallerAndRecordsNothing() = runTest {
    start(rules())
    val thrown = caught {
      withTimeout(1_000) {
        circuit.callSuspend { delay(5_000) }
      }
    }
    assertThat(thrown).isInstanceOf(TimeoutCancellationException::class.java)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 1, 0, 0))
  }

  @Test
  fun aWithTimeoutInsideTheBlockIsAFailureWhateverTheExceptionRulesSay() = runTest {
    // TimeoutCancellationException is in neither list, and CancellationException is even ignored
    start(rules().ignoreExceptions(CancellationException::class.java))
    var inner: Throwable? = null
    val thrown = caught {
      circuit.callSuspend {
        try {
          withTimeout(1_000) { delay(5_000) }
        } catch (e: TimeoutCancellationException) {
          inner = e
          throw e
        }
      }
    }
    assertThat(thrown).isInstanceOf(TimeoutCancellationException::class.java).isSameAs(inner)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
    assertThat(circuit.status().lastFailureReason()).isSameAs(thrown)
  }

  @Test
  fun anotherCancellationExceptionWhileTheCallerIsActiveIsClassifiedAsCallWould() = runTest {
    start(rules())
    brama.register("by-call")
    val error = CancellationException("the remote's own")
    val thrown = caught { circuit.callSuspend { throw error } }
    caught { brama.call<Any, Exception>("by-call") { throw error } }

    assertThat(thrown).isSameAs(error)
    assertThat(circuit.calls()).`as`("neither recorded nor ignored by the rules: a success")
        .isEqualTo(brama.calls("by-call")).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun aCallerCancelledBeforeTheBlockStartsNeverTakesAPermit() = runTest {
    start(rules())
    val caller = launch(start = CoroutineStart.LAZY) { circuit.callSuspend { "never" } }
    caller.cancel()
    caller.join()
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 0, 0, 0))
  }
}
