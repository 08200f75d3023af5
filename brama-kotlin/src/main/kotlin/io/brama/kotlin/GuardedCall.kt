package io.brama.kotlin

import io.brama.CircuitOpenException
import io.brama.Permit
import java.util.concurrent.TimeoutException
import java.util.function.Consumer
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job

/**
 * Runs [block] as one call under this permit and records exactly one outcome: a returned value is
 * a success, a thrown exception goes to [verdict], and with the connection's `callTimeout` the
 * permit's timer may record first, cancel [block] and make this throw the recorded
 * [TimeoutException]. The exception [block] threw is rethrown unchanged.
 *
 * @throws CircuitOpenException when the permit was refused; [block] is not run
 */
internal suspend fun <T> Permit.runCall(id: String, verdict: Verdict, block: suspend () -> T): T {
  if (!granted()) {
    throw CircuitOpenException(id, retryAfter())
  }
  val timer = CallTimer()
  val timeout = onTimeout(timer)
  if (!timeout.armed()) {
    // no timer can record first: the block's own outcome is the call's, with no scope around it
    val value = try {
      block()
    } catch (e: Throwable) {
      verdict.record(this, e, currentCoroutineContext().isActive)
      throw e
    }
    success()
    return value
  }
  var own: Result<T>? = null
  var scopeError: Throwable? = null
  try {
    // a scope of its own, so the timer can cancel the block without cancelling the caller
    coroutineScope {
      timer.attach(coroutineContext.job)
      own = try {
        Result.success(block())
      } catch (e: Throwable) {
        Result.failure(e)
      }
    }
  } catch (e: Throwable) { // the scope was cancelled (by the timer or the caller) or a child failed
    scopeError = e
  }
  if (!timeout.cancel()) { // the timer recorded the timeout first
    currentCoroutineContext().ensureActive() // a cancelled caller gets its own cancellation
    throw timer.recorded()
  }
  val outcome = own ?: Result.failure(scopeError!!)
  val error = outcome.exceptionOrNull()
  if (error != null) {
    verdict.record(this, error, currentCoroutineContext().isActive)
    throw error
  }
  success() // the block answered, even if the caller was cancelled right after
  scopeError?.let { throw it }
  return outcome.getOrThrow()
}

/** Records what a thrown exception means for the connection. */
internal fun interface Verdict {
  /**
   * Completes [permit] for [error]; [callerActive] is false when the calling coroutine's job was
   * cancelled.
   */
  fun record(permit: Permit, error: Throwable, callerActive: Boolean)
}

/**
 * The permit's `callTimeout` action: keeps the recorded exception and cancels the block's scope,
 * whichever of [accept] (the Brama's scheduler thread) and [attach] comes first.
 */
private class CallTimer : Consumer<TimeoutException> {
  private val fired = CompletableDeferred<TimeoutException>()
  @Volatile private var timedOut: TimeoutException? = null
  @Volatile private var work: Job? = null

  override fun accept(recorded: TimeoutException) {
    timedOut = recorded
    fired.complete(recorded)
    work?.cancel(CancellationException("the call timed out", recorded))
  }

  fun attach(job: Job) {
    work = job
    timedOut?.let { job.cancel(CancellationException("the call timed out", it)) }
  }

  /** The recorded exception; waits (suspended) only while the timer is between recording and [accept]. */
  suspend fun recorded(): TimeoutException = fired.await()
}
