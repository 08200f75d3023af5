/**
 * A Brama circuit in front of grpc-java channels: {@link io.brama.grpc.BramaClientInterceptor}
 * records each RPC as one call by its status code, honours the server's
 * {@code grpc-retry-pushback-ms} (gRFC A6), and refuses calls while the circuit is open without a
 * network round trip; {@link io.brama.grpc.GrpcRules} says what is recorded.
 */
package io.brama.grpc;
