package io.brama.examples.spring.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The shipped alert rules file, read as YAML. */
final class AlertRules {
  private final Map<String, Object> document;

  private AlertRules(Map<String, Object> document) {
    this.document = document;
  }

  /** Reads {@code file}, a Prometheus rules file. */
  static AlertRules read(Path file) throws IOException {
    return new AlertRules(new Yaml().load(Files.readString(file)));
  }

  /** The names of the alerting rules, in file order. */
  List<String> alertNames() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> rule : rules()) {
      if (rule.get("alert") instanceof String name) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Writes to {@code target} the same rules with every {@code for:} set to 0s, so that a test
   * scenario of seconds sees each alert fire as soon as its expression returns data; the
   * expressions, windows and thresholds stay as shipped.
   */
  void writeWithoutHoldDurations(Path target) throws IOException {
    for (Map<String, Object> rule : rules()) {
      if (rule.containsKey("for")) {
        rule.put("for", "0s");
      }
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(target, new Yaml(options).dump(document));
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> rules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }
}
