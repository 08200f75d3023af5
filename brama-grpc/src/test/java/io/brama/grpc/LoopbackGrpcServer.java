package io.brama.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real grpc-java server (Netty, HTTP/2) on 127.0.0.1 with hand-written methods and a plain
 * String marshaller, no code generation. Every method echoes each request message as it arrives;
 * when the client half-closes, the server-streaming method first sends as many numbered messages
 * as its request says; then {@link #reply} decides how the call ends (by default: {@code OK}).
 */
final class LoopbackGrpcServer implements AutoCloseable {
  static final MethodDescriptor.Marshaller<String> STRINGS = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<String, String> UNARY =
      method(MethodDescriptor.MethodType.UNARY, "brama.test.Echo/Say");
  static final MethodDescriptor<String, String> SERVER_STREAMING =
      method(MethodDescriptor.MethodType.SERVER_STREAMING, "brama.test.Echo/Count");
  static final MethodDescriptor<String, String> BIDI =
      method(MethodDescriptor.MethodType.BIDI_STREAMING, "brama.test.Echo/Chat");
  /** The same behaviour under a second service, for per-service connection ids. */
  static final MethodDescriptor<String, String> LEDGER =
      method(MethodDescriptor.MethodType.UNARY, "brama.test.Ledger/Say");

  /** How a call ends once the client half-closed, after the server sent its messages. */
  @FunctionalInterface
  interface Reply {
    void end(ServerCall<String, String> call);
  }

  private final AtomicInteger calls = new AtomicInteger();
  private final Server server;
  /** Kept: the server forgets its port once shut down. */
  private final int port;
  private volatile Reply reply = call -> call.close(Status.OK, new Metadata());

  LoopbackGrpcServer() {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder("brama.test.Echo")
            .addMethod(UNARY, this::handle)
            .addMethod(SERVER_STREAMING, this::handle)
            .addMethod(BIDI, this::handle).build())
        .addService(ServerServiceDefinition.builder("brama.test.Ledger")
            .addMethod(LEDGER, this::handle).build())
        .build();
    try {
      server.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<String, String>newBuilder().setType(type).setFullMethodName(name)
        .setRequestMarshaller(STRINGS).setResponseMarshaller(STRINGS).build();
  }

  /** A plaintext channel to this server; its authority is {@link #authority()}. */
  ManagedChannel channel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
  }

  int port() {
    return port;
  }

  /** The authority of {@link #channel()}: the default connection id. */
  String authority() {
    return "127.0.0.1:" + port();
  }

  /** How many calls reached the server. */
  int calls() {
    return calls.get();
  }

  /** Ends every later call with {@code status} and the trailers given as name, value pairs. */
  void answer(Status status, String... trailers) {
    Metadata metadata = new Metadata();
    for (int i = 0; i < trailers.length; i += 2) {
      metadata.put(Metadata.Key.of(trailers[i], Metadata.ASCII_STRING_MARSHALLER), trailers[i + 1]);
    }
    reply(call -> call.close(status, metadata));
  }

  /** Ends every later call by {@code reply}, on the server's thread or later from another. */
  void reply(Reply reply) {
    this.reply = reply;
  }

  /** Kills the server and every call on it at once. */
  void kill() {
    server.shutdownNow();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private ServerCall.Listener<String> handle(ServerCall<String, String> call, Metadata headers) {
    calls.incrementAndGet();
    call.sendHeaders(new Metadata());
    call.request(Integer.MAX_VALUE);
    List<String> received = new ArrayList<>();
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(String message) {
        received.add(message);
        call.sendMessage("echo " + message);
      }

      @Override
      public void onHalfClose() {
        if (call.getMethodDescriptor().getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
          int count = Integer.parseInt(received.get(0));
          for (int i = 1; i <= count; i++) {
            call.sendMessage("message " + i);
          }
        }
        reply.end(call);
      }
    };
  }
}
