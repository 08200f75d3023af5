package io.brama.kotlin

import io.brama.Brama
import io.brama.BramaConfig
import io.brama.Circuit
import io.brama.testing.ManualClock
import java.io.IOException
import java.time.Duration
import java.util.concurrent.TimeoutException
import org.junit.jupiter.api.AfterEach

/** A Brama on a manual clock with one connection, counting calls; events delivered at once. */
abstract class GuardedTest {
  val clock = ManualClock()
  lateinit var brama: Brama
  lateinit var circuit: Circuit

  @AfterEach
  fun close() {
    if (::brama.isInitialized) {
      brama.close()
    }
  }

  fun start(config: BramaConfig.Builder): Circuit {
    brama = Brama.builder().config(config.build()).clock(clock).eventExecutor(Runnable::run)
        .countCalls(true).build()
    circuit = brama.register(ID)
    return circuit
  }

  /** Moves an open circuit to HALF_OPEN. */
  fun halfOpen() {
    circuit.open("down")
    clock.advance(EXPIRY)
  }

  /** What [block] threw, or null. */
  suspend fun caught(block: suspend () -> Unit): Throwable? = try {
    block()
    null
  } catch (e: Throwable) {
    e
  }

  companion object {
    const val ID = "remote"
    val EXPIRY: Duration = Duration.ofSeconds(10)

    /** Five failures in a row open; IOException and TimeoutException fail, IAE is ignored. */
    fun rules(): BramaConfig.Builder = BramaConfig.builder().maxAttempts(5).expiry(EXPIRY)
        .recordExceptions(IOException::class.java, TimeoutException::class.java)
        .ignoreExceptions(IllegalArgumentException::class.java)
  }
}
