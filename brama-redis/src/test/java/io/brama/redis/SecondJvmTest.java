package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.BramaConfig;
import io.brama.CircuitState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVM processes, one Redis: two failures in each open the circuit in both (maxAttempts 4). */
class SecondJvmTest extends WithRedis {

  @Test
  void failuresInTwoProcessesOpenTheCircuitInBoth() throws Exception {
    try (Fleets fleet = new Fleets(redis, 1, BramaConfig.builder().maxAttempts(4)
        .expiry(Duration.ofSeconds(30)).build(), Duration.ofSeconds(5)).register("payment_api")) {
      await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
          FleetMember.class.getName(), redis.uri(), fleet.namespace, "2"))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("READY");

        fleet.get(0).failure("payment_api", "failure here");
        fleet.get(0).failure("payment_api", "failure here");
        await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(
            redis.command("GET " + fleet.namespace + ":{payment_api}:failures")));
        assertThat(fleet.get(0).status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
        OutputStream in = child.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();

        assertThat(out.readLine()).isEqualTo("OPEN");
        await().atMost(Duration.ofSeconds(10))
            .until(() -> fleet.all("payment_api", CircuitState.OPEN));
        in.write("done\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
      } finally {
        child.destroyForcibly();
      }
    }
  }
}
