package io.brama.kotlin

import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.CircuitState
import io.brama.FailurePolicy
import java.io.IOException
import java.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Rules K4 and K5: a Flow through `withCircuit` is one call per collection, its permit taken when
 * collection starts; how completion, errors, early stops and cancellations are recorded.
 */
class FlowTest : GuardedTest() {
  /** How many times a flow made by [counted] was collected. */
  private var collections = 0

  private fun <T> counted(vararg elements: T, then: suspend () -> Unit = {}): Flow<T> = flow {
    collections++
    for (e in elements) {
      emit(e)
    }
    then()
  }

  @Test
  fun aRefusedCollectionNeverCollectsTheUpstream() = runTest {
    start(rules())
    circuit.open("down")
    val thrown = caught { counted(1, 2).withCircuit(circuit).toList() }
    assertThat(thrown).isInstanceOf(CircuitOpenException::class.java)
    assertThat((thrown as CircuitOpenException).retryAfter()).isEqualTo(EXPIRY)
    assertThat(collections).isZero()
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 0, 1, 0))
  }

  @Test
  fun thePermitIsTakenWhenCollectionStartsNotWhenTheFlowIsBuilt() = runTest {
    start(rules())
    circuit.open("down")
    val guarded = counted("a").withCircuit(circuit) // built while OPEN
    circuit.reset()
    assertThat(guarded.toList()).containsExactly("a")
    assertThat(guarded.toList()).containsExactly("a")
    assertThat(collections).isEqualTo(2)
    assertThat(circuit.calls()).`as`("one call per collection").isEqualTo(CallCounts(2, 0, 0, 0, 0))
  }

  @Test
  fun aCompletionIsOneSuccessHoweverManyElements() = runTest {
    start(rules())
    assertThat(flowOf(1, 2, 3).withCircuit(circuit).toList()).containsExactly(1, 2, 3)
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun anErrorAfterElementsIsClassified() = runTest {
    start(rules())
    val received = mutableListOf<Int>()
    val io = IOException("reset")
    val bad = IllegalArgumentException("bad")
    assertThat(caught { counted(1, 2) { throw io }.withCircuit(circuit).collect { received += it } })
        .isSameAs(io)
    assertThat(caught { counted(3) { throw bad }.withCircuit(circuit).collect { received += it } })
        .isSameAs(bad)
    assertThat(received).containsExactly(1, 2, 3)
    assertThat(circuit.calls()).`as`("IOException fails, IllegalArgumentException is ignored")
        .isEqualTo(CallCounts(0, 1, 1, 0, 0))
  }

  @Test
  fun anEarlyStopAfterAnElementIsASuccess() = runTest {
    start(rules())
    val endless = counted(1, 2, 3) { awaitCancellation() }
    assertThat(endless.withCircuit(circuit).first()).isEqualTo(1)
    assertThat(endless.withCircuit(circuit).take(2).toList()).containsExactly(1, 2)
    assertThat(circuit.calls()).isEqualTo(CallCounts(2, 0, 0, 0, 0))
  }

  @Test
  fun aCollectingJobCancelledAfterAnElementIsASuccess() = runTest {
    start(rules())
    val first = CompletableDeferred<Int>()
    val collector = launch {
      counted(1) { awaitCancellation() }.withCircuit(circuit).collect { first.complete(it) }
    }
    assertThat(first.await()).isEqualTo(1)
    collector.cancel()
    collector.join()
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun aCancellationBeforeAnyElementRecordsNothingInClosed() = runTest {
    start(rules())
    circuit.failure("earlier")
    val collector = launch { counted<Int> { awaitCancellation() }.withCircuit(circuit).collect {} }
    runCurrent()
    collector.cancel()
    collector.join()
    assertThat(collections).isEqualTo(1)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 1, 0, 0))
    assertThat(circuit.status().failureCount()).`as`("not a success: the count stays").isEqualTo(1)
  }

  @Test
  fun aTrialCancelledBeforeAnyElementLetsTheNextCollectorTakeTheTrial() = runTest {
    start(rules().halfOpenTrials(1))
    halfOpen()
    val trial = launch { counted<Int> { awaitCancellation() }.withCircuit(circuit).collect {} }
    runCurrent()
    assertThat(caught { flowOf(1).withCircuit(circuit).toList() })
        .isInstanceOf(CircuitOpenException::class.java)

    trial.cancel()
    trial.join()

    assertThat(circuit.status().activeTrials()).isZero()
    assertThat(flowOf("next").withCircuit(circuit).toList()).containsExactly("next")
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
  }

  @Test
  fun aCancelledTrialAfterAnElementClosesTheCircuit() = runTest {
    start(rules().halfOpenTrials(1))
    halfOpen()
    val first = CompletableDeferred<Int>()
    val trial = launch {
      counted(1) { awaitCancellation() }.withCircuit(circuit).collect { first.complete(it) }
    }
    first.await()
    trial.cancel()
    trial.join()
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
  }

  @Test
  fun aTimeoutInsideTheUpstreamIsAFailure() = runTest {
    start(rules())
    val upstream = counted(1) { withTimeout(1_000) { awaitCancellation() } }
    val thrown = caught { upstream.withCircuit(circuit).collect {} }
    assertThat(thrown).isInstanceOf(TimeoutCancellationException::class.java)
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun aSlowCollectionIsTimedFromItsStartToItsEnd() = runTest {
    start(rules().failurePolicy(FailurePolicy.rate(50.0, 10, 10))
        .slowCall(Duration.ofMillis(100), 50.0))
    val quick = counted(1) { clock.advance(Duration.ofMillis(100)) }.withCircuit(circuit)
    val slow = counted(1) { clock.advance(Duration.ofMillis(101)) }.withCircuit(circuit)
    clock.advance(Duration.ofSeconds(5)) // between building and collecting: not counted
    quick.toList()
    slow.toList()
    assertThat(circuit.calls()).isEqualTo(CallCounts(2, 0, 0, 0, 1))
  }
}
