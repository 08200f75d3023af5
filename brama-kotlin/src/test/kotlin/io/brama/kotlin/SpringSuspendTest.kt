package io.brama.kotlin

import io.brama.Brama
import io.brama.CallCounts
import io.brama.CircuitBreaker
import io.brama.CircuitOpenException
import io.brama.CircuitState
import io.brama.ErrorHandler
import io.brama.Outcome
import io.brama.spring.BramaAutoConfiguration
import io.brama.spring.BramaBuilderCustomizer
import io.brama.testing.ManualClock
import java.io.IOException
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Supplier
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.aop.support.AopUtils
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration
import org.springframework.boot.test.context.FilteredClassLoader
import org.springframework.boot.test.context.runner.ApplicationContextRunner

/**
 * Rules K8, K9 and K10: `@CircuitBreaker` on a `suspend fun` of a Kotlin bean, in a real application
 * context with the starter, guarded with the rules of `callSuspend`; its fallback (a suspend fun or
 * a plain one) answers rejections only; a bad fallback or a missing library fails start-up.
 */
class SpringSuspendTest {
  private val clock = ManualClock()
  private val runner = ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AopAutoConfiguration::class.java,
          BramaAutoConfiguration::class.java))
      .withPropertyValues("brama.metrics.enabled=false", "brama.max-attempts=3",
          "brama.expiry=10s",
          // the exception rules say a cancellation is nothing: a timeout inside still fails
          "brama.connections[slow].ignore-exceptions=java.util.concurrent.CancellationException")
      .withBean(BramaBuilderCustomizer::class.java,
          Supplier { BramaBuilderCustomizer { it.clock(clock).countCalls(true) } })
  private val quotes = runner.withBean(Remote::class.java).withBean(QuoteService::class.java)

  /** The remote's state, a bean of its own: the service's fields are behind its proxy. */
  open class Remote {
    val calls = AtomicInteger()
    @Volatile var error: Throwable? = null
    /** When set, a call waits for it: a call in flight. */
    @Volatile var gate: CompletableDeferred<Unit>? = null
  }

  /** An HTTP-client-like bean whose suspend funs go through circuits. */
  open class QuoteService(private val remote: Remote) {
    @CircuitBreaker(value = "quotes", fallback = "cachedQuote")
    open suspend fun quote(symbol: String): String {
      remote.calls.incrementAndGet()
      remote.gate?.await()
      yield() // a real suspension, as a client's would be
      remote.error?.let { throw it }
      return "$symbol 42"
    }

    open suspend fun cachedQuote(symbol: String, rejection: CircuitOpenException): String {
      yield()
      return "$symbol cached (retry in ${rejection.retryAfter().toSeconds()} s)"
    }

    @CircuitBreaker(value = "quotes", fallback = "lastPrice")
    open suspend fun price(symbol: String): Int {
      remote.calls.incrementAndGet()
      yield()
      return 42
    }

    open fun lastPrice(symbol: String): Int = symbol.length

    @CircuitBreaker("quotes")
    open suspend fun noFallback(): String {
      remote.calls.incrementAndGet()
      return "live"
    }

    @CircuitBreaker("slow")
    open suspend fun slow(): String = withTimeout(1_000) { awaitCancellation() }

    @CircuitBreaker("slow")
    open suspend fun givesUp(): String = throw CancellationException("gave up")

    @CircuitBreaker(value = "statuses", errorHandler = StatusHandler::class)
    open suspend fun status(answer: String): String {
      yield()
      return when (answer) {
        "boom" -> throw IllegalStateException("boom")
        "timeout" -> withTimeout(1_000) { awaitCancellation() }
        "hang" -> awaitCancellation()
        else -> answer
      }
    }
  }

  /** A "5xx" answer is a failure; an exception says nothing about the remote. */
  class StatusHandler : ErrorHandler {
    override fun classify(result: Any?, error: Throwable?): Outcome = when {
      error != null -> Outcome.ignore()
      result == "5xx" -> Outcome.failure("HTTP 5xx")
      else -> Outcome.success()
    }
  }

  private fun withQuotes(test: suspend TestScope.(QuoteService, Remote, Brama) -> Unit) {
    quotes.run { context ->
        val service = context.getBean(QuoteService::class.java)
        assertThat(AopUtils.isAopProxy(service)).isTrue()
        runTest {
          test(service, context.getBean(Remote::class.java), context.getBean(Brama::class.java))
        }
      }
  }

  @Test
  fun eachCallOfTheSuspendFunIsOneCall() = withQuotes { service, remote, brama ->
    assertThat(service.quote("ACME")).isEqualTo("ACME 42")
    assertThat(service.quote("ACME")).isEqualTo("ACME 42")
    assertThat(remote.calls).hasValue(2)
    assertThat(brama.calls("quotes")).isEqualTo(CallCounts(2, 0, 0, 0, 0))
  }

  @Test
  fun failuresOpenThenTheFallbacksAnswerWithoutCallingAndTheCircuitRecovers() =
      withQuotes { service, remote, brama ->
        remote.error = IOException("quotes down")
        repeat(3) { assertThat(caught { service.quote("ACME") }).isInstanceOf(IOException::class.java) }
        assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.OPEN)
        val before = remote.calls.get()

        assertThat(service.quote("ACME")).isEqualTo("ACME cached (retry in 10 s)") // suspend
        assertThat(service.price("ACME")).isEqualTo(4) // plain
        assertThat(caught { service.noFallback() }).isInstanceOf(CircuitOpenException::class.java)
            .hasMessageContaining("'quotes'")
        assertThat(remote.calls).hasValue(before)
        assertThat(brama.calls("quotes")).isEqualTo(CallCounts(0, 3, 0, 3, 0))

        clock.advance(Duration.ofSeconds(10))
        remote.error = null
        assertThat(service.quote("ACME")).isEqualTo("ACME 42")
        assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.CLOSED)
      }

  @Test
  fun aFailureIsNeverServedByTheFallbackNotEvenAnotherCircuitsRejection() =
      withQuotes { service, remote, brama ->
        remote.error = IOException("quotes down")
        assertThat(caught { service.quote("ACME") }).hasMessage("quotes down")
        val other = CircuitOpenException("other", Duration.ofSeconds(5))
        remote.error = other
        assertThat(caught { service.quote("ACME") }).isSameAs(other)
        assertThat(brama.calls("quotes")).isEqualTo(CallCounts(0, 2, 0, 0, 0))
      }

  @Test
  fun aTimeoutInsideTheMethodFailsWhateverTheExceptionRulesOtherCancellationsAreClassified() =
      withQuotes { service, _, brama ->
        assertThat(caught { service.slow() }).isInstanceOf(TimeoutCancellationException::class.java)
        assertThat(brama.calls("slow")).isEqualTo(CallCounts(0, 1, 0, 0, 0))

        assertThat(caught { service.givesUp() }).isInstanceOf(CancellationException::class.java)
            .hasMessage("gave up")
        assertThat(brama.calls("slow")).`as`("ignored, as the rules say")
            .isEqualTo(CallCounts(0, 1, 1, 0, 0))
      }

  @Test
  fun aCancelledTrialRecordsNothingAndTheNextCallerGetsTheTrial() =
      withQuotes { service, remote, brama ->
        remote.error = IOException("quotes down")
        repeat(3) { caught { service.quote("ACME") } }
        clock.advance(Duration.ofSeconds(10))
        remote.error = null
        remote.gate = CompletableDeferred()
        val trial = launch { service.quote("ACME") }
        runCurrent()
        assertThat(brama.status("quotes").activeTrials()).isEqualTo(1)
        assertThat(service.quote("ACME")).`as`("the one trial slot is taken: the fallback")
            .startsWith("ACME cached")

        trial.cancel()
        trial.join()
        runCurrent()

        assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.HALF_OPEN)
        assertThat(brama.status("quotes").activeTrials()).isZero()
        remote.gate = null
        assertThat(service.quote("ACME")).isEqualTo("ACME 42")
        assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.CLOSED)
        assertThat(brama.calls("quotes")).isEqualTo(CallCounts(1, 3, 1, 1, 0))
      }

  @Test
  fun theAnnotationsErrorHandlerClassifiesButATimeoutInsideStillFails() =
      withQuotes { service, _, brama ->
        assertThat(service.status("200")).isEqualTo("200")
        assertThat(service.status("5xx")).isEqualTo("5xx")
        assertThat(caught { service.status("boom") }).hasMessage("boom")
        assertThat(caught { service.status("timeout") })
            .isInstanceOf(TimeoutCancellationException::class.java)
        val caller = launch { service.status("hang") }
        runCurrent()
        caller.cancel()
        caller.join()
        runCurrent()

        assertThat(brama.calls("statuses")).isEqualTo(CallCounts(1, 2, 2, 0, 0))
        assertThat(brama.status("statuses").lastFailureReason()).isInstanceOf(
            TimeoutCancellationException::class.java)
      }

  /** A fallback whose return type does not fit the suspend fun's. */
  open class BadFallback {
    @CircuitBreaker(value = "bad", fallback = "number")
    open suspend fun call(symbol: String): String = symbol

    open suspend fun number(symbol: String): Int = symbol.length
  }

  @Test
  fun aFallbackOfTheWrongShapeFailsStartUpNamingBeanAndMethod() {
    runner.withBean("badFallback", BadFallback::class.java).run { context ->
      assertThat(context).hasFailed()
      assertThat(context.startupFailure).hasMessageContaining("bean 'badFallback'")
          .hasMessageContaining("@CircuitBreaker on ${BadFallback::class.java.name}.call(String): "
              + "no fallback method 'number' on ${BadFallback::class.java.name} fits; expected a "
              + "fun or suspend fun number(String, [Throwable]) returning String, found suspend "
              + "number(String): it returns java.lang.Integer, not assignable to java.lang.String")
    }
  }

  @Test
  fun withoutKotlinxCoroutinesReactorASuspendFunFailsStartUpNamingBeanAndMethod() {
    quotes.withClassLoader(FilteredClassLoader("kotlinx.coroutines.reactor")).run { context ->
      assertThat(context).hasFailed()
      assertThat(context.startupFailure).hasMessageContaining("bean 'springSuspendTest.QuoteService'")
          .hasMessageContaining("@CircuitBreaker on ${QuoteService::class.java.name}.")
          .hasMessageContaining("a suspend fun is guarded only with brama-kotlin, brama-reactor, "
              + "kotlinx-coroutines-reactor")
          .hasMessageEndingWith("add org.jetbrains.kotlinx:kotlinx-coroutines-reactor")
    }
  }

  private suspend fun caught(block: suspend () -> Any?): Throwable? = try {
    block()
    null
  } catch (e: Throwable) {
    e
  }
}
