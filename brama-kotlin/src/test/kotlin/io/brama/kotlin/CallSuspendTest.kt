package io.brama.kotlin

import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.FailurePolicy
import io.brama.UnknownConnectionException
import java.io.IOException
import java.time.Duration
import java.util.concurrent.TimeoutException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** Rules K1 and K2: a refusal runs nothing, an outcome is recorded as `call` would record it. */
class CallSuspendTest : GuardedTest() {
  @Test
  fun refusedThrowsCircuitOpenExceptionWithoutRunningTheBlock() = runTest {
    start(rules())
    circuit.open("down")
    var ran = false

    val refused = caught { circuit.callSuspend { ran = true } }

    assertThat(refused).isInstanceOf(CircuitOpenException::class.java)
    assertThat((refused as CircuitOpenException).retryAfter()).isEqualTo(EXPIRY)
    assertThat(refused.connection()).isEqualTo(ID)
    assertThat(ran).isFalse()
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 0, 1, 0))
  }

  @Test
  fun aValueIsASuccess() = runTest {
    start(rules())
    val answer = circuit.callSuspend {
      yield()
      "quote"
    }
    assertThat(answer).isEqualTo("quote")
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun anExceptionIsClassifiedExactlyAsCallWouldAndRethrownUnchanged() = runTest {
    start(rules())
    brama.register("by-call")
    val errors = listOf(IOException("io"), IllegalArgumentException("bad"),
        IllegalStateException("other"), TimeoutException("late"))
    for (error in errors) {
      val thrown = caught {
        circuit.callSuspend {
          throw error
        }
      }
      assertThat(thrown).isSameAs(error)
      caught { brama.call<Any, Exception>("by-call") { throw error } }
    }
    assertThat(circuit.calls()).isEqualTo(brama.calls("by-call"))
        .isEqualTo(CallCounts(1, 2, 1, 0, 0))
    assertThat(circuit.status().failureCount()).isEqualTo(1)
    assertThat(circuit.status().lastFailureReason()).isSameAs(errors[3])
  }

  @Test
  fun anExceptionAfterASuspensionIsClassifiedToo() = runTest {
    start(rules())
    val answer = CompletableDeferred<String>()
    val call = async { runCatching { circuit.callSuspend { answer.await() } } }
    runCurrent()
    val error = IOException("reset")
    answer.completeExceptionally(error)

    assertThat(call.await().exceptionOrNull()).isInstanceOf(IOException::class.java)
        .hasMessage("reset")
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 1, 0, 0, 0))
  }

  @Test
  fun theDurationRunsAcrossSuspensionsOnTheBramasClock() = runTest {
    start(rules().failurePolicy(FailurePolicy.rate(50.0, 10, 10))
        .slowCall(Duration.ofMillis(100), 50.0))
    val resumed = CompletableDeferred<Unit>()
    val quick = async {
      circuit.callSuspend {
        clock.advance(Duration.ofMillis(60))
        resumed.await() // suspended here while the clock moves on
        clock.advance(Duration.ofMillis(40))
        "in time"
      }
    }
    runCurrent()
    resumed.complete(Unit)
    assertThat(quick.await()).isEqualTo("in time")
    assertThat(circuit.calls().slow()).isZero()

    val again = CompletableDeferred<Unit>()
    val slow = async {
      circuit.callSuspend {
        again.await()
        "slow"
      }
    }
    runCurrent()
    clock.advance(Duration.ofMillis(101)) // while the block is suspended
    again.complete(Unit)
    assertThat(slow.await()).isEqualTo("slow")
    assertThat(circuit.calls()).isEqualTo(CallCounts(2, 0, 0, 0, 1))
  }

  @Test
  fun theTimeBeforeTheBlockStartsIsNotCounted() = runTest {
    start(rules().failurePolicy(FailurePolicy.rate(50.0, 10, 10))
        .slowCall(Duration.ofMillis(100), 50.0))
    val call: suspend () -> String = { "quick" }
    clock.advance(Duration.ofSeconds(5)) // between building the call and making it
    assertThat(circuit.callSuspend(call)).isEqualTo("quick")
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))
  }

  @Test
  fun bramaCallSuspendLooksTheIdUpAtEachCall() = runTest {
    start(rules())
    assertThat(brama.callSuspend(ID) { "by id" }).isEqualTo("by id")
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 0, 0, 0, 0))

    var ran = false
    assertThat(caught { brama.callSuspend("later") { ran = true } })
        .isInstanceOf(UnknownConnectionException::class.java)
    assertThat(ran).isFalse()
    brama.register("later")
    assertThat(brama.callSuspend("later") { "now" }).isEqualTo("now")

    brama.open(ID, "down")
    assertThat(caught { brama.callSuspend(ID) { ran = true } })
        .isInstanceOf(CircuitOpenException::class.java)
    assertThat(ran).isFalse()
  }
}
