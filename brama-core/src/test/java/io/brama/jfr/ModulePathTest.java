package io.brama.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rule J3: module {@code io.brama} on the module path runs unchanged without {@code jdk.jfr}
 * ({@code requires static}: not resolved unless the application asks), and records its events when
 * the application adds it ({@code --add-modules jdk.jfr}). Each case is a JVM of its own.
 */
class ModulePathTest {
  private static final Path CLASSES = Path.of("target", "classes").toAbsolutePath();
  private static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();

  @Test
  void withoutJdkJfrTheModuleRunsUnchanged() throws Exception {
    assertThat(run("--limit-modules", "io.brama"))
        .isEqualTo("jdk.jfr=false state=OPEN refused=true module=io.brama");
  }

  @Test
  void withJdkJfrAddedTheModuleRecordsItsEvents() throws Exception {
    assertThat(run("--limit-modules", "io.brama,jdk.jfr", "--add-modules", "jdk.jfr"))
        .isEqualTo("jdk.jfr=true state=OPEN refused=true module=io.brama stateChangeEvents=1");
  }

  private static String run(String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of(options));
    command.addAll(List.of("--module-path", CLASSES.toString(), "--add-modules", "io.brama",
        "-cp", TEST_CLASSES.toString(), "io.brama.jfrcheck.ModuleApplication"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the application ends").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }
}
