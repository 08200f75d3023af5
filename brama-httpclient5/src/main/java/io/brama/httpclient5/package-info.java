/**
 * Apache HttpClient 5 guarded by a Brama circuit: {@link io.brama.httpclient5.BramaExecInterceptor}
 * gives the exec chain handler for the classic and for the async client, with the rules of
 * {@link io.brama.http.HttpRules}; a refusal is a {@link io.brama.httpclient5.CircuitOpenIOException}.
 */
package io.brama.httpclient5;
