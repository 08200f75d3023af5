package io.brama.examples.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's structure as Grafana imports it: no Grafana runs here (Debian does not package
 * it), so what an import would reject or show broken is checked on the JSON; the queries themselves
 * run against Prometheus in {@link AlertsAndDashboardTest}.
 */
class GrafanaDashboardTest {
  @Test
  void panelsAreLaidOutAndUseTheDataSourceVariable() throws Exception {
    DocumentContext json = JsonPath.parse(Files.readString(ObservabilityFiles.DASHBOARD));
    assertThat(json.read("$.uid", String.class)).isEqualTo("brama-circuits");
    assertThat(json.read("$.schemaVersion", Integer.class)).isEqualTo(39);
    List<Map<String, Object>> panels = json.read("$.panels[*]");
    assertThat(panels).extracting(p -> p.get("id")).doesNotHaveDuplicates();
    for (Map<String, Object> p : panels) {
      Map<?, ?> grid = (Map<?, ?>) p.get("gridPos");
      assertThat(grid).as("gridPos of " + p.get("title")).isNotNull();
      int x = ((Number) grid.get("x")).intValue();
      int w = ((Number) grid.get("w")).intValue();
      assertThat(x + w).as("right edge of " + p.get("title") + " (24 columns)")
          .isLessThanOrEqualTo(24);
      assertThat(p.get("datasource")).as("data source of " + p.get("title"))
          .isEqualTo(Map.of("type", "prometheus", "uid", "${datasource}"));
    }
    Map<String, String> variable = Map.of("type", "prometheus", "uid", "${datasource}");
    List<Object> targetSources = json.read("$.panels[*].targets[*].datasource");
    assertThat(targetSources).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(variable));
    assertThat(json.read("$.templating.list[?(@.name == 'datasource')].query", List.class))
        .containsExactly("prometheus");
  }

  @Test
  void everyQueryUsesOnlyKnownVariables() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.read(ObservabilityFiles.DASHBOARD);
    Map<String, String> all = Map.of("application", ".*", "scope", ".*", "connection", ".*");
    for (GrafanaDashboard.Panel panel : dashboard.panels()) {
      assertThat(panel.queries()).as(panel.title()).isNotEmpty()
          .allSatisfy(q -> assertThat(GrafanaDashboard.substitute(q, all)).doesNotContain("$"));
    }
    for (GrafanaDashboard.Variable v : dashboard.variables()) {
      assertThat(GrafanaDashboard.substitute(v.selector(), all)).doesNotContain("$");
    }
  }
}
