package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.brama.ConfigKeys;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration processor's metadata, which IDEs read to complete {@code brama.*} keys. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribedWithItsDefault() throws Exception {
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      List<Map<String, Object>> properties = JsonPath.read(in, "$.properties");
      assertThat(properties).extracting(p -> p.get("name")).contains(
          "brama.max-attempts", "brama.expiry", "brama.expiry-strategy", "brama.initial-expiry",
          "brama.max-expiry", "brama.backoff-factor", "brama.cleanup-interval",
          "brama.connections", "brama.events.publish", "brama.events.per-call",
          "brama.health.down-when-open", "brama.metrics.enabled", "brama.failure-policy",
          "brama.redis.uri", "brama.http.enabled", "brama.observations.enabled",
          "brama.dashboard.path", "brama.dashboard.token", "brama.dashboard.max-event-streams");
      assertThat(properties).filteredOn(p -> p.get("name").equals("brama.max-attempts"))
          .singleElement().satisfies(p -> {
            assertThat(p.get("defaultValue")).isEqualTo(10);
            assertThat((String) p.get("description")).contains("Consecutive failures");
          });
      assertThat(properties).filteredOn(p -> p.get("name").equals("brama.expiry"))
          .singleElement().satisfies(p -> assertThat(p.get("defaultValue")).isEqualTo("60s"));
    }
  }

  /** The IDE's defaults are a copy for the IDE; the core's table of keys is where they are stated. */
  @Test
  void theDefaultsShownToIdesAreTheCoresTable() throws Exception {
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      List<Map<String, Object>> properties = JsonPath.read(in, "$.properties");
      for (ConfigKeys.Key key : ConfigKeys.all()) {
        if (key.defaultValue() == null || key.defaultValue().startsWith("`")) {
          continue; // no value, or a default that is a rule (minimum-calls: the window size)
        }
        assertThat(properties).as(key.name())
            .filteredOn(p -> p.get("name").equals("brama." + key.name()))
            .singleElement().satisfies(p -> {
              Object shown = p.get("defaultValue");
              if (shown instanceof Number n) {
                assertThat(n.doubleValue()).isEqualTo(Double.parseDouble(key.defaultValue()));
              } else {
                assertThat(shown).isEqualTo(key.defaultValue());
              }
            });
      }
    }
  }
}
