package io.brama.kotlin

import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.CircuitState
import java.io.IOException
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * Rules K2, K4 and K7 under hostile use: errors, a throwing collector, callers racing for one
 * trial slot and cancellations racing completions on real threads, and dispatchers that move the
 * block between threads.
 */
class HostileTest : GuardedTest() {
  @Test
  fun aBlockThatThrowsAnErrorIsClassifiedAsCallWouldAndFreesTheTrial() = runTest {
    start(rules().halfOpenTrials(1))
    brama.register("by-call")
    val error = AssertionError("the block's bug")
    assertThat(caught { circuit.callSuspend { throw error } }).isSameAs(error)
    caught { brama.call<Any, Exception>("by-call") { throw error } }
    assertThat(circuit.calls()).isEqualTo(brama.calls("by-call"))

    halfOpen()
    assertThat(caught { circuit.callSuspend { throw StackOverflowError() } })
        .isInstanceOf(StackOverflowError::class.java)
    assertThat(circuit.status().activeTrials()).`as`("the trial slot is not leaked").isZero()
    assertThat(circuit.state()).isNotEqualTo(CircuitState.HALF_OPEN)
  }

  @Test
  fun aCollectorThatThrowsAfterAnElementIsASuccessAndGetsItsExceptionBack() = runTest {
    start(rules())
    val own = IOException("the collector's, not the remote's") // in recordExceptions
    val thrown = caught { flow { emit(1); emit(2) }.withCircuit(circuit).collect { throw own } }
    assertThat(thrown).isSameAs(own)
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun callersRacingForOneTrialSlotLetExactlyOneThrough() = runTest {
    start(rules().halfOpenTrials(1))
    withContext(Dispatchers.Default) {
      repeat(ROUNDS) { round ->
        halfOpen()
        val ran = AtomicInteger()
        val refused = AtomicInteger()
        val othersRefused = CompletableDeferred<Unit>()
        (1..CALLERS).map {
          async {
            try {
              circuit.callSuspend {
                ran.incrementAndGet()
                othersRefused.await() // hold the slot until every other caller was turned away
              }
            } catch (e: CircuitOpenException) {
              if (refused.incrementAndGet() == CALLERS - 1) {
                othersRefused.complete(Unit)
              }
            }
          }
        }.awaitAll()
        assertThat(ran.get()).`as`("round %d", round).isEqualTo(1)
        assertThat(refused.get()).isEqualTo(CALLERS - 1)
        assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
      }
    }
    assertThat(circuit.calls()).isEqualTo(
        CallCounts(ROUNDS.toLong(), 0, 0, ROUNDS * (CALLERS - 1L), 0))
  }

  @Test
  fun aTrialCancelledAsItAnswersRecordsExactlyOneOutcome() = runTest {
    start(rules().halfOpenTrials(1))
    withContext(Dispatchers.Default) {
      repeat(ROUNDS) {
        halfOpen()
        coroutineScope {
          val started = CompletableDeferred<Unit>()
          val answer = CompletableDeferred<String>()
          val trial = launch {
            circuit.callSuspend {
              started.complete(Unit)
              answer.await()
            }
          }
          started.await()
          launch { answer.complete("answer") }
          launch { trial.cancel() }
        }
      }
    }
    val calls = circuit.calls()
    assertThat(calls.successes() + calls.ignored()).isEqualTo(ROUNDS.toLong())
    assertThat(calls.failures()).isZero()
    assertThat(circuit.status().activeTrials()).isZero()
  }

  @Test
  fun theUnconfinedDispatcherResumingOnAnotherThreadRecordsTheOutcome() = runTest {
    start(rules())
    val other = Executors.newSingleThreadExecutor { Thread(it, "the remote's thread") }
    try {
      val threads = mutableListOf<String>()
      val answer = CompletableDeferred<String>()
      // Unconfined runs the block at once on this thread, up to its suspension in await()
      val call = async(Dispatchers.Unconfined) {
        circuit.callSuspend {
          threads += Thread.currentThread().name
          answer.await().also { threads += Thread.currentThread().name }
        }
      }
      // completed there, the block resumes and ends there, and the permit is completed there
      withContext(other.asCoroutineDispatcher()) { answer.complete("remote") }
      assertThat(call.await()).isEqualTo("remote")
      // (debug mode appends the coroutine to a thread's name)
      assertThat(threads).hasSize(2)
      assertThat(threads[0]).doesNotStartWith("the remote's thread")
      assertThat(threads[1]).startsWith("the remote's thread")

      val elements = CompletableDeferred<Unit>()
      val collection = async(Dispatchers.Unconfined) {
        flow { emit(1); elements.await(); emit(2) }.withCircuit(circuit).toList()
      }
      withContext(other.asCoroutineDispatcher()) { elements.complete(Unit) }
      assertThat(collection.await()).containsExactly(1, 2)
    } finally {
      other.shutdown()
    }
    assertThat(circuit.calls()).isEqualTo(CallCounts(2, 0, 0, 0, 0))
  }

  @Test
  fun manyCallsOnAnExecutorDispatcherVirtualThreadsWhereTheJdkHasThem() = runTest {
    start(rules())
    val executor = virtualThreadsOrAPool()
    try {
      withContext(executor.asCoroutineDispatcher()) {
        val started = AtomicInteger()
        val allStarted = CompletableDeferred<Unit>()
        val cancelled = (1..50).map {
          launch {
            circuit.callSuspend {
              if (started.incrementAndGet() == 50) {
                allStarted.complete(Unit)
              }
              awaitCancellation()
            }
          }
        }
        val answered = (1..50).map { i -> async { circuit.callSuspend { yield(); i } } }
        assertThat(answered.awaitAll()).hasSize(50)
        allStarted.await()
        cancelled.forEach { it.cancel() }
      }
    } finally {
      executor.shutdown()
    }
    assertThat(circuit.calls()).isEqualTo(CallCounts(50, 0, 50, 0, 0))
  }

  private companion object {
    const val ROUNDS = 300
    const val CALLERS = 8

    /** JDK 21 and later: a virtual thread per task; JDK 17: a pool of platform threads. */
    fun virtualThreadsOrAPool(): ExecutorService = try {
      Executors::class.java.getMethod("newVirtualThreadPerTaskExecutor")
          .invoke(null) as ExecutorService
    } catch (e: NoSuchMethodException) {
      Executors.newFixedThreadPool(4)
    }
  }
}
