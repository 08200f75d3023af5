package io.brama.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The rules through the blocking {@code send}. */
class SendTest extends JdkClientTest {
  @Override
  HttpResponse<String> exchange(HttpClient client, HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Rule W6: an interrupted sender gave up. */
  @Test
  void aSenderInterruptedWhileWaitingRecordsNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        get("/");
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    try {
      sender.start();
      await().until(() -> server.requests() == 1);
      sender.interrupt();
      sender.join(5_000);
    } finally {
      release.countDown();
    }
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
  }
}
