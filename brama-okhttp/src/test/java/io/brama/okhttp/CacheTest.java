package io.brama.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CallCounts;
import io.brama.http.LoopbackServer;
import io.brama.testing.ManualClock;
import java.nio.file.Path;
import okhttp3.Cache;
import okhttp3.CacheControl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers OkHttp's cache gives without asking the server: nothing to record. */
class CacheTest {
  private final Brama brama = Brama.builder().clock(new ManualClock())
      .eventExecutor(Runnable::run).countCalls(true).build();
  private final LoopbackServer server = new LoopbackServer();
  private OkHttpClient client;

  @AfterEach
  void stop() throws Exception {
    server.close();
    brama.close();
    client.dispatcher().executorService().shutdownNow();
    client.connectionPool().evictAll();
    client.cache().close();
  }

  /** Rules W3 and W6: the network's answer is recorded, the cache's is not. */
  @Test
  void aCachedAnswerOrAnUnsatisfiableOnlyIfCachedRecordsNothing(@TempDir Path dir)
      throws Exception {
    client = new OkHttpClient.Builder().cache(new Cache(dir.toFile(), 1 << 20))
        .addInterceptor(BramaInterceptor.of(brama)).build();
    server.answer(200, "Cache-Control", "max-age=600");
    for (int i = 0; i < 2; i++) {
      try (Response response = client.newCall(
          new Request.Builder().url(server.uri("/cached").toString()).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("status 200");
      }
    }
    assertThat(server.requests()).as("the second from the cache").isEqualTo(1);
    assertThat(brama.calls(server.id())).isEqualTo(new CallCounts(1, 0, 1, 0, 0));

    try (Response unsatisfiable = client.newCall(new Request.Builder()
        .url(server.uri("/never-fetched").toString()).cacheControl(CacheControl.FORCE_CACHE)
        .build()).execute()) {
      assertThat(unsatisfiable.code()).isEqualTo(504);
    }
    assertThat(brama.calls(server.id())).as("OkHttp's own 504 is no server failure")
        .isEqualTo(new CallCounts(1, 0, 2, 0, 0));
  }
}
