/**
 * OkHttp guarded by a Brama circuit: add {@link io.brama.okhttp.BramaInterceptor#of} to an
 * {@code OkHttpClient} as an application interceptor; a refused call fails with a
 * {@link io.brama.okhttp.CircuitOpenIOException}. What is recorded follows brama-http's
 * {@link io.brama.http.HttpRules}.
 */
package io.brama.okhttp;
