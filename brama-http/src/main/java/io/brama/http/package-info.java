/**
 * HTTP clients guarded by a Brama circuit. {@link io.brama.http.BramaHttpClient#wrap} guards a JDK
 * {@code HttpClient}; {@link io.brama.http.HttpRules} says what is recorded (failing statuses,
 * {@code Retry-After}, connection ids through {@link io.brama.http.ConnectionIds}); and
 * {@link io.brama.http.HttpGuard} with {@link io.brama.http.HttpCall} is the client-independent
 * part that the OkHttp and Apache HttpClient modules build on.
 */
package io.brama.http;
