package io.brama.examples.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.examples.spring.observability.ObservabilityFiles.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus's own checks of the shipped alert rules: {@code promtool check rules} (syntax, PromQL,
 * templates) and {@code promtool test rules} (the unit tests in {@code brama-rules-test.yml}, which
 * fire every alert on one series and not on others), and that those unit tests cover every alert.
 */
class PromtoolTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Path promtool = ObservabilityFiles.program("promtool");
    Run run = ObservabilityFiles.run(ObservabilityFiles.DIR, TIMEOUT, promtool.toString(),
        "check", "rules", ObservabilityFiles.RULES.getFileName().toString());
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output()).as(run.describe()).contains("SUCCESS: 4 rules found");
  }

  @Test
  void rulesPassTheirUnitTests() throws Exception {
    Path promtool = ObservabilityFiles.program("promtool");
    Run run = ObservabilityFiles.run(ObservabilityFiles.DIR, TIMEOUT, promtool.toString(),
        "test", "rules", ObservabilityFiles.RULES_TEST.getFileName().toString());
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.output()).as(run.describe()).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasFiringAndSilentUnitTests() throws Exception {
    Map<String, Object> tests = new Yaml().load(Files.readString(ObservabilityFiles.RULES_TEST));
    List<String> firing = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) tests.get("tests")) {
      for (Map<String, Object> test : (List<Map<String, Object>>) group.get("alert_rule_test")) {
        List<?> expected = (List<?>) test.get("exp_alerts");
        boolean fires = expected != null && !expected.isEmpty();
        (fires ? firing : silent).add((String) test.get("alertname"));
      }
    }
    List<String> alerts = AlertRules.read(ObservabilityFiles.RULES).alertNames();
    assertThat(alerts).containsExactly("BramaCircuitOpen", "BramaCircuitFlapping",
        "BramaCallsRejected", "BramaFailuresWhileClosed");
    assertThat(firing).as("alerts with a unit test where they fire").containsAll(alerts);
    assertThat(silent).as("alerts with a unit test where they stay silent").containsAll(alerts);
  }
}
