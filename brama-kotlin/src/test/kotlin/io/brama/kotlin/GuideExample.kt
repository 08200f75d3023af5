package io.brama.kotlin

import io.brama.Brama
import io.brama.Circuit
import io.brama.CircuitBreaker
import io.brama.CircuitOpenException
import java.io.IOException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse.BodyHandlers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.future.await

/*
 * The snippets of docs/kotlin.md and the README's "Kotlin" section, kept here so that they
 * compile; LoopbackHttpTest runs quote against a server on loopback.
 */

suspend fun quote(http: HttpClient, quotes: Circuit, uri: URI): String = quotes.callSuspend {
  val response = http.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()).await()
  if (response.statusCode() != 200) throw IOException("HTTP ${response.statusCode()}")
  response.body()
}

fun prices(ticks: Flow<String>, circuit: Circuit): Flow<String> =
    ticks.withCircuit(circuit)                          // a permit per collection

suspend fun stock(brama: Brama, item: String, lookUp: suspend (String) -> Int): Int =
    brama.callSuspend("inventory") { lookUp(item) }     // id looked up per call

open class QuoteClient(private val http: HttpClient, private val base: URI) {
  @CircuitBreaker(value = "quotes", fallback = "cached")
  open suspend fun quote(symbol: String): String {
    val request = HttpRequest.newBuilder(base.resolve("/quote/$symbol")).build()
    val response = http.sendAsync(request, BodyHandlers.ofString()).await()
    if (response.statusCode() != 200) throw IOException("HTTP ${response.statusCode()}")
    return response.body()
  }

  open suspend fun cached(symbol: String, e: CircuitOpenException): String =
      "$symbol: no quote, retry in ${e.retryAfter().toSeconds()} s"  // or a plain fun
}
