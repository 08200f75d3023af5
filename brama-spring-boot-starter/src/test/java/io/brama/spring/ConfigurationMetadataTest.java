package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
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
          "brama.health.down-when-open", "brama.metrics.enabled", "brama.failure-policy");
      assertThat(properties).filteredOn(p -> p.get("name").equals("brama.max-attempts"))
          .singleElement().satisfies(p -> {
            assertThat(p.get("defaultValue")).isEqualTo(10);
            assertThat((String) p.get("description")).contains("Consecutive failures");
          });
      assertThat(properties).filteredOn(p -> p.get("name").equals("brama.expiry"))
          .singleElement().satisfies(p -> assertThat(p.get("defaultValue")).isEqualTo("60s"));
    }
  }
}
