package io.brama.examples.spring.observability;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Grafana dashboard: its panels' PromQL and its query variables, with Grafana's
 * variables replaced the way Grafana would before sending a query to Prometheus.
 */
final class GrafanaDashboard {
  /** {@code $name}, {@code ${name}} and {@code ${name:format}}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)", Pattern.DOTALL);

  /**
   * Grafana's built-in intervals. Grafana makes {@code $__rate_interval} at least four scrape
   * intervals of its data source setting (15 s by default), so 1m is what a default data source
   * sends; the test's Prometheus scrapes every second, which 1m covers 60 times.
   */
  static final Map<String, String> BUILT_INS =
      Map.of("__rate_interval", "1m", "__interval", "15s", "__range", "1h");

  /** A panel and the PromQL of its targets. */
  record Panel(String title, String type, List<String> queries) {
  }

  /** A query variable: its name and its {@code label_values(selector, label)} query. */
  record Variable(String name, String selector, String label) {
  }

  private final DocumentContext json;

  private GrafanaDashboard(DocumentContext json) {
    this.json = json;
  }

  /** Reads the dashboard JSON in {@code file}. */
  static GrafanaDashboard read(Path file) throws IOException {
    return new GrafanaDashboard(JsonPath.parse(Files.readString(file)));
  }

  /** The dashboard's {@code schemaVersion}. */
  int schemaVersion() {
    return json.read("$.schemaVersion", Integer.class);
  }

  /** Every panel except rows, including those inside collapsed rows. */
  List<Panel> panels() {
    List<Panel> panels = new ArrayList<>();
    List<Map<String, Object>> all = new ArrayList<>(json.read("$.panels[*]"));
    all.addAll(json.read("$.panels[*].panels[*]"));
    for (Map<String, Object> p : all) {
      if ("row".equals(p.get("type"))) {
        continue;
      }
      List<String> queries = new ArrayList<>();
      if (p.get("targets") instanceof List<?> targets) {
        for (Object t : targets) {
          if (t instanceof Map<?, ?> target && target.get("expr") instanceof String expr) {
            queries.add(expr);
          }
        }
      }
      panels.add(new Panel((String) p.get("title"), (String) p.get("type"), queries));
    }
    return panels;
  }

  /** The query variables (type {@code query}), each a {@code label_values(selector, label)}. */
  List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    List<Map<String, Object>> list = json.read("$.templating.list[?(@.type == 'query')]");
    for (Map<String, Object> v : list) {
      String definition = (String) v.get("definition");
      Matcher m = LABEL_VALUES.matcher(definition);
      if (!m.matches()) {
        throw new IllegalArgumentException("variable " + v.get("name")
            + ": expected label_values(selector, label), was " + definition);
      }
      variables.add(new Variable((String) v.get("name"), m.group(1).trim(), m.group(2)));
    }
    return variables;
  }

  /**
   * {@code query} with Grafana's built-in intervals and the template variables in {@code values}
   * replaced; a variable that is neither is an error, so a typo cannot pass unnoticed.
   */
  static String substitute(String query, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = BUILT_INS.containsKey(name) ? BUILT_INS.get(name) : values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("unknown variable $" + name + " in " + query);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
