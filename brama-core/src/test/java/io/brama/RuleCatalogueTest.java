package io.brama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The numbered rules of docs/rules.md against the tests that cite them: every id a test source of
 * any module cites ({@code Rule S5}, {@code Rules E2, E3 and E6}) is in the catalogue, no test cites
 * a rule by a bare number (the old numbering meant different rules in different files), every row
 * of the state table is cited by some test, and the table in docs/state-machine.md names its rows
 * with the catalogue's S ids, in order.
 */
class RuleCatalogueTest {
  private static final String ID = "[A-Z]\\d+";
  /** A citation: "Rule" or "Rules", then ids separated by commas and "and". */
  private static final Pattern CITATION = Pattern.compile(
      "\\bRules?\\s+(" + ID + "(?:(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+)" + ID + ")*)\\b");
  private static final Pattern CITED_ID = Pattern.compile(ID);
  /** The numbering that this catalogue replaced: "rule 3", "Rules 4 and 5". */
  private static final Pattern BARE_NUMBER = Pattern.compile("(?i)\\brules?\\s+\\d");
  /** A catalogue entry: a list item opening with its id in bold. */
  private static final Pattern ENTRY = Pattern.compile("^- \\*\\*(" + ID + ")\\*\\* ");
  /** The id column of the state table: "[S3](rules.md#...)". */
  private static final Pattern ROW_ID = Pattern.compile("\\[(S\\d+)]\\(rules\\.md#[^)]*\\) \\|$");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SELF = Path.of("src", "test", "java", "io", "brama",
      "RuleCatalogueTest.java").toAbsolutePath().normalize();

  @Test
  void everyRuleATestCitesIsInTheCatalogue() {
    Set<String> catalogue = catalogue();
    List<String> unknown = new ArrayList<>();
    Set<String> cited = new TreeSet<>();
    for (Path source : testSources()) {
      List<String> lines = read(source);
      for (int i = 0; i < lines.size(); i++) {
        for (String id : citations(lines.get(i))) {
          cited.add(id);
          if (!catalogue.contains(id)) {
            unknown.add(ROOT.relativize(source) + ":" + (i + 1) + " cites " + id);
          }
        }
      }
    }
    assertThat(cited).as("the scan found the citations, Kotlin too").contains("S1", "E2", "D1", "F3",
        "K1");
    assertThat(unknown).as("ids not in docs/rules.md").isEmpty();
  }

  @Test
  void noTestCitesARuleByABareNumber() {
    List<String> bare = new ArrayList<>();
    for (Path source : testSources()) {
      List<String> lines = read(source);
      for (int i = 0; i < lines.size(); i++) {
        if (BARE_NUMBER.matcher(lines.get(i)).find()) {
          bare.add(ROOT.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(bare).as("citations without a group letter").isEmpty();
  }

  @Test
  void everyRowOfTheStateTableIsCitedByATest() {
    Set<String> cited = new TreeSet<>();
    for (Path source : testSources()) {
      read(source).forEach(line -> cited.addAll(citations(line)));
    }
    List<String> rows = catalogue().stream().filter(id -> id.startsWith("S")).toList();
    assertThat(rows).hasSizeGreaterThan(20);
    assertThat(rows).as("state-table rows no test cites").allMatch(cited::contains);
  }

  @Test
  void theStateTableNamesItsRowsWithTheCataloguesIdsInOrder() {
    List<String> table = new ArrayList<>();
    for (String line : read(ROOT.resolve("docs/state-machine.md"))) {
      Matcher m = ROW_ID.matcher(line);
      if (line.startsWith("| ") && m.find()) {
        table.add(m.group(1));
      }
    }
    List<String> rows = catalogue().stream().filter(id -> id.startsWith("S")).toList();
    assertThat(table).isEqualTo(rows);
  }

  @Test
  void everyIdIsListedOnceAndEachGroupCountsFromOne() {
    List<String> ids = entries();
    assertThat(ids).doesNotHaveDuplicates();
    for (String id : ids) {
      int n = Integer.parseInt(id.substring(1));
      assertThat(n == 1 || ids.contains(id.charAt(0) + String.valueOf(n - 1)))
          .as("%s follows %s%d", id, id.charAt(0), n - 1).isTrue();
    }
  }

  /** The scanner itself: what counts as a citation and what is reported. */
  @Test
  void theScannerReadsListsAndFlagsBareNumbers() {
    String rules = "Rules";
    assertThat(citations("/** " + rules + " S1, S2 and X9: counting. */"))
        .containsExactly("S1", "S2", "X9");
    assertThat(citations(" * the state table's " + rules + " S3 and S16 on a clock"))
        .containsExactly("S3", "S16");
    assertThat(citations("// ---- " + rules + " S8, S23, and C2 ----"))
        .containsExactly("S8", "S23", "C2");
    assertThat(citations("/** Rulers S1 are not rules; T0 is not cited. */")).isEmpty();
    assertThat(BARE_NUMBER.matcher("// ---- " + "rule 3: the sweeper ----").find()).isTrue();
    assertThat(BARE_NUMBER.matcher("/** " + rules + " 4 and 5 */").find()).isTrue();
    assertThat(BARE_NUMBER.matcher("/** " + rules + " S4 and S5 */").find()).isFalse();
  }

  /** The ids of docs/rules.md, in the order listed. */
  private static Set<String> catalogue() {
    return new LinkedHashSet<>(entries());
  }

  private static List<String> entries() {
    List<String> ids = new ArrayList<>();
    for (String line : read(ROOT.resolve("docs/rules.md"))) {
      Matcher m = ENTRY.matcher(line);
      if (m.find()) {
        ids.add(m.group(1));
      }
    }
    assertThat(ids).as("entries of docs/rules.md").isNotEmpty();
    return ids;
  }

  private static List<String> citations(String line) {
    List<String> ids = new ArrayList<>();
    Matcher m = CITATION.matcher(line);
    while (m.find()) {
      Matcher id = CITED_ID.matcher(m.group(1));
      while (id.find()) {
        ids.add(id.group());
      }
    }
    return ids;
  }

  /**
   * Every Java file under a src/test/java and every Kotlin file under a src/test/kotlin of the
   * repository, this one excepted (its samples).
   */
  private static List<Path> testSources() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      List<Path> sources = files
          .filter(p -> p.toString().endsWith(".java") && p.toString().contains(sep("src", "test",
              "java")) || p.toString().endsWith(".kt") && p.toString().contains(sep("src", "test",
              "kotlin")))
          .filter(p -> !p.toString().contains(sep("target")) && !p.equals(SELF))
          .sorted().toList();
      assertThat(sources).as("test sources under " + ROOT).hasSizeGreaterThan(50);
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sep(String... parts) {
    String s = java.io.File.separator;
    return s + String.join(s, parts) + s;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
