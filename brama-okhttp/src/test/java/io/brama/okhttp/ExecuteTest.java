package io.brama.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.CallCounts;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The rules through the blocking {@code execute()}. */
class ExecuteTest extends OkHttpRulesTest {
  @Override
  Answer exchange(OkHttpClient client, Request request) throws Exception {
    return read(client.newCall(request).execute());
  }

  /** Rule W6: a call cancelled from another thread while execute() waits. */
  @Test
  void aCallCancelledWhileExecutingRecordsNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.holdUntil(release);
    Call call = client.newCall(request("/"));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try (Response unexpected = call.execute()) {
        thrown.set(new AssertionError("answered " + unexpected.code()));
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    try {
      caller.start();
      await().until(() -> server.requests() == 1);
      call.cancel();
      caller.join(5_000);
    } finally {
      release.countDown();
    }
    assertThat(thrown.get()).isInstanceOf(IOException.class);
    assertThat(calls()).isEqualTo(new CallCounts(0, 0, 1, 0, 0));
  }
}
