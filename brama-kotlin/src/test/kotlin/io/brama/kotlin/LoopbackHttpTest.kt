package io.brama.kotlin

import com.sun.net.httpserver.HttpServer
import io.brama.CallCounts
import io.brama.CircuitOpenException
import io.brama.CircuitState
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * Rules K1, K2 and K3 against a real HTTP server on loopback, through the guide's [quote]: failures
 * open the circuit, the open circuit sends no request, a cancelled caller records nothing, and the
 * trial closes it again.
 */
class LoopbackHttpTest : GuardedTest() {
  private val requests = AtomicInteger()
  @Volatile private var status = 500
  /** Counted down when a request reaches the /slow handler; the handler then waits for [release]. */
  private val slowArrived = CountDownLatch(1)
  private val release = CountDownLatch(1)
  private lateinit var server: HttpServer
  private val http: HttpClient = HttpClient.newHttpClient()

  @BeforeEach
  fun startServer() {
    server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
    server.createContext("/quote") { exchange ->
      requests.incrementAndGet()
      val body = "42".toByteArray()
      exchange.sendResponseHeaders(status, body.size.toLong())
      exchange.responseBody.use { it.write(body) }
    }
    server.createContext("/slow") { exchange ->
      slowArrived.countDown()
      release.await()
      exchange.sendResponseHeaders(200, -1)
      exchange.close()
    }
    server.executor = null
    server.start()
  }

  @AfterEach
  fun stopServer() {
    release.countDown()
    server.stop(0)
  }

  private fun uri(path: String) = URI.create("http://127.0.0.1:${server.address.port}$path")

  @Test
  fun opensOnAFailingServerSendsNothingWhileOpenAndRecovers() = runBlocking<Unit> {
    start(rules().maxAttempts(3))
    repeat(3) {
      assertThat(caught { quote(http, circuit, uri("/quote")) })
          .isInstanceOf(IOException::class.java).hasMessage("HTTP 500")
    }
    assertThat(circuit.state()).isEqualTo(CircuitState.OPEN)
    assertThat(caught { quote(http, circuit, uri("/quote")) })
        .isInstanceOf(CircuitOpenException::class.java)
    assertThat(requests).`as`("no request while OPEN").hasValue(3)

    status = 200
    clock.advance(EXPIRY)
    assertThat(quote(http, circuit, uri("/quote"))).isEqualTo("42")
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED)
    assertThat(circuit.calls()).isEqualTo(CallCounts(1, 3, 0, 1, 0))
  }

  @Test
  fun aCallerCancelledWhileTheServerHoldsTheRequestRecordsNothing() = runBlocking<Unit> {
    start(rules())
    val caller = launch(Dispatchers.IO) { quote(http, circuit, uri("/slow")) }
    slowArrived.await() // a blocking wait on the test thread only, for the server to have it
    caller.cancel()
    caller.join()
    assertThat(circuit.calls()).isEqualTo(CallCounts(0, 0, 1, 0, 0))
  }
}
