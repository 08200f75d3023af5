package io.brama;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL from the installed package: {@code initdb} into a temporary directory,
 * {@code pg_ctl} on a free loopback port, trust authentication, user {@code postgres}. PostgreSQL
 * refuses to run as root, so as root the commands run as the {@code postgres} user through
 * {@code runuser}. When the package is missing the test is skipped, unless {@code CI} is set (then
 * it fails: CI must have it).
 */
final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Creates the cluster and starts it. */
  static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    if (System.getenv("CI") == null) {
      assumeThat(bin).as("PostgreSQL is not installed (apt-get install postgresql); skipping")
          .isNotNull();
    } else if (bin == null) {
      throw new IllegalStateException("CI is set but PostgreSQL's initdb/pg_ctl are not installed");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("brama-pg-");
    if (root) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
    server.run(List.of(bin.resolve("initdb").toString(), "-D", server.data(), "-U", "postgres",
        "--auth=trust", "--no-sync", "-E", "UTF8"));
    server.startServer();
    return server;
  }

  int port() {
    return port;
  }

  /** Stops the server at once (like a crash: no checkpoint); the data stays for {@link #restart}. */
  void stop() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
  }

  /** Starts it again on the same port. */
  void restart() throws IOException, InterruptedException {
    startServer();
  }

  private void startServer() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
            + " -c fsync=off", "start"));
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", full) + " failed:\n" + output + serverLog());
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (IOException | InterruptedException e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** initdb's directory: on the PATH, or the newest /usr/lib/postgresql/N/bin; null if none. */
  private static Path findBin() throws IOException {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path initdb = Path.of(entry, "initdb");
      if (Files.isExecutable(initdb)) {
        Path real = initdb.toRealPath().getParent();
        if (Files.isExecutable(real.resolve("pg_ctl"))) {
          return real;
        }
      }
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
              .replaceAll("\\D", "0")))).orElse(null);
    }
  }
}
