package io.brama.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One RPC made by hand through {@link ClientCall}, as a generated stub would: it starts the call,
 * sends the requests, half-closes, and records what its listener heard.
 */
final class Exchange extends ClientCall.Listener<String> {
  /** How a call ended: its status, trailers and the messages the listener got before. */
  record Closed(Status status, Metadata trailers, List<String> messages) {}

  final ClientCall<String, String> call;
  final List<String> messages = new CopyOnWriteArrayList<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  volatile boolean headers;

  private Exchange(ClientCall<String, String> call) {
    this.call = call;
  }

  /** Starts a call of {@code method} and sends {@code requests}, without waiting for its end. */
  static Exchange start(Channel channel, MethodDescriptor<String, String> method,
      CallOptions options, String... requests) {
    Exchange exchange = new Exchange(channel.newCall(method, options));
    exchange.call.start(exchange, new Metadata());
    exchange.call.request(Integer.MAX_VALUE);
    for (String request : requests) {
      exchange.call.sendMessage(request);
    }
    exchange.call.halfClose();
    return exchange;
  }

  /** A call of {@code method} with {@code requests}, to its end. */
  static Closed call(Channel channel, MethodDescriptor<String, String> method, String... requests)
      throws Exception {
    return start(channel, method, CallOptions.DEFAULT, requests).end();
  }

  /** Waits (10 s at most) for the call's end. */
  Closed end() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void onHeaders(Metadata headers) {
    this.headers = true;
  }

  @Override
  public void onMessage(String message) {
    messages.add(message);
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    closed.complete(new Closed(status, trailers, List.copyOf(messages)));
  }
}
