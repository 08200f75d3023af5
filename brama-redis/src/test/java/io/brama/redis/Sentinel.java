package io.brama.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Sentinel ({@code redis-server --sentinel}, which is what the {@code redis-sentinel}
 * command runs) on a free loopback port, watching one primary with quorum 1 and short timeouts.
 */
final class Sentinel implements AutoCloseable {
  static final String MASTER = "brama";
  private final int port;
  private final Process process;

  private Sentinel(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Watches the primary on {@code primaryPort}; down after 300 ms without an answer. */
  static Sentinel watching(int primaryPort) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("brama-sentinel");
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1",
        "dir " + dir, "sentinel monitor " + MASTER + " 127.0.0.1 " + primaryPort + " 1",
        "sentinel down-after-milliseconds " + MASTER + " 300",
        "sentinel failover-timeout " + MASTER + " 2000", ""));
    Process p = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
    Sentinel sentinel = new Sentinel(port, p);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"+PONG".equals(sentinel.command("PING"))) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        p.destroyForcibly();
        throw new IOException("sentinel did not start: " + Files.readString(
            dir.resolve("sentinel.log")));
      }
      Thread.onSpinWait();
    }
    return sentinel;
  }

  /** The Lettuce URI of the primary this sentinel watches. */
  String uri() {
    return "redis-sentinel://127.0.0.1:" + port + "?sentinelMasterId=" + MASTER;
  }

  /** The port of the primary as the sentinel sees it now. */
  String primaryPort() {
    return RedisServer.commandOn(port, "SENTINEL get-master-addr-by-name " + MASTER, 2);
  }

  String command(String inline) {
    return RedisServer.commandOn(port, inline, 0);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
