package io.brama.kotlin

import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.CircuitState
import java.time.Duration
import java.util.concurrent.CancellationException
import java.util.concurrent.TimeoutException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Rule K6: with `callTimeout` set, a call or collection not done within it on the Brama's clock is
 * recorded as a `TimeoutException` failure, the block is cancelled and the caller (still active)
 * gets the recorded `TimeoutException`.
 */
class CallTimeoutTest : GuardedTest() {
  @Test
  fun aCallNotDoneInTimeIsCancelledAndThrowsTheRecordedTimeoutException() = runTest {
    start(rules().callTimeout(TIMEOUT))
    var blockSaw: Throwable? = null
    val call = async {
      caught {
        circuit.callSuspend {
          try {
            awaitCancellation()
          } catch (e: CancellationException) {
            blockSaw = e
            throw e
          }
        }
      }
    }
    runCurrent()
    clock.advance(TIMEOUT.minusMillis(1))
    runCurrent()
    assertThat(blockSaw).isNull()
    clock.advance(Duration.ofMillis(1))

    val thrown = call.await()
    assertThat(thrown).isInstanceOf(TimeoutException::class.java)
        .hasMessage("the call to 'remote' did not complete within PT1S")
        .`as`("the very exception recorded").isSameAs(circuit.status().lastFailureReason())
    assertThat(blockSaw).isInstanceOf(CancellationException::class.java).hasRootCause(thrown)
    assertThat(isActive).`as`("the caller is not cancelled").isTrue()
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun workThatEndsFirstCancelsTheTimeout() = runTest {
    start(rules().callTimeout(TIMEOUT))
    val answer = circuit.callSuspend {
      clock.advance(TIMEOUT.minusMillis(1))
      "in time"
    }
    clock.advance(Duration.ofMinutes(1))
    assertThat(answer).isEqualTo("in time")
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun aBlockThatIgnoresTheCancellationStillTimesOut() = runTest {
    start(rules().callTimeout(TIMEOUT))
    val call = async {
      caught {
        circuit.callSuspend {
          withContext(NonCancellable) { delay(10_000) } // cannot be cancelled
          "late"
        }
      }
    }
    runCurrent()
    clock.advance(TIMEOUT)
    assertThat(call.await()).isInstanceOf(TimeoutException::class.java)
    assertThat(circuit.calls()).`as`("the late answer is not a second outcome")
        .isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun aTimedOutTrialReopensTheCircuit() = runTest {
    start(rules().callTimeout(TIMEOUT))
    halfOpen()
    val trial = async { caught { circuit.callSuspend { awaitCancellation() } } }
    runCurrent()
    clock.advance(TIMEOUT)
    assertThat(trial.await()).isInstanceOf(TimeoutException::class.java)
    assertThat(circuit.state()).isEqualTo(CircuitState.OPEN)
  }

  @Test
  fun aCollectionThatAnsweredButDidNotEndInTimeIsStillATimeout() = runTest {
    start(rules().callTimeout(TIMEOUT))
    val received = mutableListOf<Int>()
    val collection = async {
      caught {
        flow {
          emit(1)
          emit(2)
          awaitCancellation()
        }.withCircuit(circuit).collect { received += it }
      }
    }
    runCurrent()
    clock.advance(TIMEOUT)
    assertThat(collection.await()).isInstanceOf(TimeoutException::class.java)
    assertThat(received).containsExactly(1, 2)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun aCancelledCallerRecordsNothingWithATimeoutPendingAndTheTimerStaysQuiet() = runTest {
    start(rules().callTimeout(TIMEOUT).halfOpenTrials(1))
    halfOpen()
    val trial = launch { circuit.callSuspend { awaitCancellation() } }
    runCurrent()
    trial.cancel()
    trial.join()
    clock.advance(TIMEOUT)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 1, 0, 0))
    assertThat(circuit.callSuspend { "next" }).isEqualTo("next")
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
  }

  @Test
  fun aWithTimeoutInsideTheBlockIsAFailureWithATimeoutPendingToo() = runTest {
    start(rules().callTimeout(TIMEOUT))
    val thrown = caught { circuit.callSuspend { withTimeout(10) { awaitCancellation() } } }
    assertThat(thrown).isInstanceOf(TimeoutCancellationException::class.java)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
    clock.advance(TIMEOUT)
    assertThat(circuit.calls()).`as`("the timer was cancelled").isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun aRefusalWithACallTimeoutSetStillRunsNothing() = runTest {
    start(rules().callTimeout(TIMEOUT))
    circuit.open("down")
    assertThat(caught { circuit.callSuspend { "never" } })
        .isInstanceOf(CircuitOpenException::class.java)
  }

  private companion object {
    val TIMEOUT: Duration = Duration.ofSeconds(1)
  }
}
