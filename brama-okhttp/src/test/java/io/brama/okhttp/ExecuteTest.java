package io.brama.okhttp;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The rules through the blocking {@code execute()}. */
class ExecuteTest extends InterceptorRulesTest {
  @Override
  Answer exchange(OkHttpClient client, Request request) throws Exception {
    try (Response response = client.newCall(request).execute()) {
      return new Answer(response.code(), response.body().string(), response.headers());
    }
  }
}
