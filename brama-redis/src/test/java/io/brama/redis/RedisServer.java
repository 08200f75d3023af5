package io.brama.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the installed Debian package) on a free loopback port, without
 * persistence, for one test class; stoppable and restartable on the same port.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private Process process;

  private RedisServer(int port, Path dir, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
  }

  /** A server with {@code extraArgs} added to its command line (e.g. cluster mode). */
  public static RedisServer start(String... extraArgs) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RedisServer server = new RedisServer(port, Files.createTempDirectory("brama-redis"),
        List.of(extraArgs));
    server.restart();
    return server;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Starts the server (again) and waits until it answers PING. */
  void restart() throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port",
        String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
        dir.toString()));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"+PONG".equals(command("PING"))) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IOException("redis-server did not start on port " + port + ": "
            + Files.readString(dir.resolve("redis.log")));
      }
      Thread.onSpinWait();
    }
  }

  /** Kills the server and waits until it is gone. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Sends one inline command and returns the first line of the answer (a bulk string's content for
   * {@code $}-replies), or null when the server does not answer.
   */
  public String command(String inline) {
    return commandOn(port, inline, 0);
  }

  /**
   * Sends one inline command to {@code port} and returns the first line of the answer (a bulk
   * string's content), or for {@code element} > 0 that element of an array of bulk strings; null
   * when nothing answers.
   */
  static String commandOn(int port, String inline, int element) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String first = readLine(in);
      if (first.startsWith("*") && element > 0) { // an array of bulk strings: the element asked for
        String value = null;
        for (int i = 0; i < element; i++) {
          readLine(in);
          value = readLine(in);
        }
        return value;
      }
      if (first.startsWith("$")) {
        int length = Integer.parseInt(first.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
      }
      return first;
    } catch (IOException e) {
      return null;
    }
  }

  /** A connection kept open for many commands, for tests that poll Redis often. */
  Connection connect() throws IOException {
    return new Connection(port);
  }

  /** One connection to the server, sending commands as RESP arrays (any bytes in arguments). */
  static final class Connection implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    private Connection(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(2000);
      socket.setTcpNoDelay(true);
      in = new java.io.BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /** Publishes {@code message} (any bytes) and returns how many subscribers received it. */
    long publish(String channel, String message) throws IOException {
      send("PUBLISH", channel, message);
      return Long.parseLong(readLine(in).substring(1));
    }

    /** How many clients are subscribed to {@code channel} (PUBSUB NUMSUB). */
    long numsub(String channel) throws IOException {
      send("PUBSUB", "NUMSUB", channel);
      readLine(in); // *2
      readLine(in); // $n
      readLine(in); // the channel
      return Long.parseLong(readLine(in).substring(1));
    }

    /** The values of {@code fields} in the hash {@code key} (null for a missing field). */
    List<String> hmget(String key, String... fields) throws IOException {
      List<String> args = new java.util.ArrayList<>(List.of("HMGET", key));
      args.addAll(List.of(fields));
      send(args.toArray(String[]::new));
      int count = Integer.parseInt(readLine(in).substring(1));
      List<String> values = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = Integer.parseInt(readLine(in).substring(1));
        values.add(length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8));
        if (length >= 0) {
          readLine(in);
        }
      }
      return values;
    }

    private void send(String... args) throws IOException {
      java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
      request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(request.toByteArray());
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** How many times Redis ran {@code command} (INFO commandstats), e.g. "eval" or "publish". */
  long calls(String command) {
    String info = command("INFO commandstats");
    if (info == null) {
      return -1;
    }
    for (String line : info.split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String v = line.substring(line.indexOf('=') + 1);
        return Long.parseLong(v.substring(0, v.indexOf(',')));
      }
    }
    return 0;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\r') {
      b.append((char) c);
    }
    in.read(); // '\n'
    return b.toString();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
