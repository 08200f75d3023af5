package io.brama.dashboard;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the installed Debian package) on a free loopback port, without
 * persistence, for the fleet panel's tests. (brama-redis's own RedisServer lives in a test jar that
 * this module's tests, compiled into the module, cannot read.)
 */
final class LocalRedis implements AutoCloseable {
  private final int port;
  private final Process process;

  private LocalRedis(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static LocalRedis start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("brama-dashboard-redis");
    Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    LocalRedis redis = new LocalRedis(port, process);
    await().atMost(Duration.ofSeconds(10)).until(redis::listening);
    return redis;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
