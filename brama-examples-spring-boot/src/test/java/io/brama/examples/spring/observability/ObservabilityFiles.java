package io.brama.examples.spring.observability;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the shipped observability files ({@code docs/observability/}) and Prometheus's programs
 * are, and how the programs are run.
 */
final class ObservabilityFiles {
  /** Surefire runs in the module's directory; the files live in the repository's docs. */
  static final Path DIR = Path.of("..", "docs", "observability").toAbsolutePath().normalize();
  static final Path RULES = DIR.resolve("brama-rules.yml");
  static final Path RULES_TEST = DIR.resolve("brama-rules-test.yml");
  static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");

  private ObservabilityFiles() {
  }

  /**
   * The program {@code name} from the PATH (Debian's {@code prometheus} package ships both
   * {@code prometheus} and {@code promtool}). Missing, the test is skipped, unless {@code CI} is
   * set: there a missing program must not pass as a green build.
   */
  static Path program(String name) {
    Path found = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        found = candidate;
        break;
      }
    }
    String missing = name + " is not installed (apt-get install --no-install-recommends "
        + "prometheus)";
    if (System.getenv("CI") == null) {
      if (found == null) {
        System.err.println(missing + "; skipping the observability tests that need it");
      }
      assumeThat(found).as(missing + "; skipping").isNotNull();
    } else if (found == null) {
      throw new IllegalStateException("CI is set but " + missing);
    }
    return found;
  }

  /** What a finished program printed (standard output and error together) and its exit code. */
  record Run(List<String> command, int exitCode, String output) {
    /** For assertion messages: the command, its exit code and everything it printed. */
    String describe() {
      return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
    }
  }

  /** Runs {@code command} in {@code dir}, killing it after {@code timeout}. */
  static Run run(Path dir, Duration timeout, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("brama-observability-", ".log");
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within "
            + timeout + ":\n" + Files.readString(log));
      }
      return new Run(List.of(command), process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
