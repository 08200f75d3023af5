package io.brama.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.http.HttpRules;
import io.brama.http.LoopbackServer;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Misuse and load: null arguments, the interceptor added twice or as a network interceptor. */
class HostileTest {
  private final ManualClock clock = new ManualClock();
  private final Brama brama = Brama.builder()
      .config(BramaConfig.builder().maxAttempts(1).expiry(Duration.ofSeconds(10)).build())
      .clock(clock).eventExecutor(Runnable::run).countCalls(true).build();
  private final LoopbackServer server = new LoopbackServer();
  private final BramaInterceptor interceptor = BramaInterceptor.of(brama);
  private final Request request = new Request.Builder().url(server.uri("/").toString()).build();
  private OkHttpClient client;

  @AfterEach
  void stop() {
    server.close();
    brama.close();
    if (client != null) {
      client.dispatcher().executorService().shutdownNow();
      client.connectionPool().evictAll();
    }
  }

  /** Rule B1: a null names its parameter. */
  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> BramaInterceptor.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("brama must not be null");
    assertThatThrownBy(() -> BramaInterceptor.of(null, HttpRules.defaults()))
        .isInstanceOf(NullPointerException.class).hasMessage("brama must not be null");
    assertThatThrownBy(() -> BramaInterceptor.of(brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("rules must not be null");
    assertThatThrownBy(() -> interceptor.intercept(null))
        .isInstanceOf(NullPointerException.class).hasMessage("chain must not be null");
    assertThatThrownBy(() -> new CircuitOpenIOException(null))
        .isInstanceOf(NullPointerException.class).hasMessage("cause must not be null");
  }

  /** Rule W7: one call, one outcome, even through the same interceptor added twice. */
  @Test
  void anInterceptorAddedTwiceGuardsEachCallOnce() throws Exception {
    client = new OkHttpClient.Builder().addInterceptor(interceptor).addInterceptor(interceptor)
        .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(brama.calls(server.id())).isEqualTo(new CallCounts(1, 0, 0, 0, 0));

    brama.open(server.id());
    clock.advance(Duration.ofSeconds(10));
    try (Response trial = client.newCall(request).execute()) {
      assertThat(trial.code()).as("the inner one does not ask for a second trial slot")
          .isEqualTo(200);
    }
    assertThat(brama.status(server.id()).state()).isEqualTo(CircuitState.CLOSED);
  }

  /** Rule W1: a network interceptor would see redirects and miss cached answers: refused. */
  @Test
  void aNetworkInterceptorIsRefusedBeforeAnythingIsRecordedOrSent() {
    client = new OkHttpClient.Builder().addNetworkInterceptor(interceptor).build();
    assertThatThrownBy(() -> client.newCall(request).execute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add it with OkHttpClient.Builder.addInterceptor");
    assertThat(brama.isRegistered(server.id())).isFalse();
    assertThat(server.requests()).isZero();
  }

  /** Rule W2: rejections reach onFailure as IOExceptions and no dispatcher thread dies. */
  @Test
  void thousandsOfRefusedCallsOnTheDispatcherKillNoThread() {
    AtomicInteger threads = new AtomicInteger();
    Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    ExecutorService pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(task, "dispatcher-" + threads.incrementAndGet());
          thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
          return thread;
        });
    client = new OkHttpClient.Builder().dispatcher(new Dispatcher(pool))
        .addInterceptor(interceptor).build();
    brama.register(server.id());
    brama.open(server.id());

    int calls = 5_000;
    Queue<IOException> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger responses = new AtomicInteger();
    for (int i = 0; i < calls; i++) {
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          response.close();
          responses.incrementAndGet();
        }

        @Override
        public void onFailure(Call call, IOException e) {
          failures.add(e);
        }
      });
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> failures.size() == calls);
    assertThat(responses).hasValue(0);
    assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(CircuitOpenIOException.class)
        .hasCauseInstanceOf(CircuitOpenException.class));
    assertThat(List.copyOf(uncaught)).isEmpty();
    assertThat(threads.get()).as("no thread replaced one that died")
        .isLessThanOrEqualTo(client.dispatcher().getMaxRequests());
    assertThat(server.requests()).isZero();
    assertThat(brama.calls(server.id()).rejected()).isEqualTo(calls);
  }
}
