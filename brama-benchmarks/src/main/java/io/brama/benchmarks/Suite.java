package io.brama.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The comparison suite in one JMH run at several thread counts (JMH's {@code -t} takes one value):
 * each benchmark method runs at every thread count in turn, so the 1- and 2-thread figures of a
 * method are measured minutes apart at most, and all results go to one JMH JSON file.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -cp
 * brama-benchmarks/target/benchmarks.jar io.brama.benchmarks.Suite [--threads 1,2] [--json FILE]
 * [--only REGEX]... [JMH options, e.g. -prof gc -wi 3 -w 1 -i 5 -r 1 -f 1]}. {@code --only}
 * selects methods whose {@code Class.method} name matches (a find, as JMH's own include); the
 * default is every class of {@link #CLASSES}. {@code bench/run.sh} runs it and writes the table.
 */
public final class Suite {
  /** The suite, in run order. */
  static final List<Class<?>> CLASSES = List.of(HotPathBenchmark.class, PeerBenchmark.class,
      DecoratorBenchmark.class, OpenCircuitBenchmark.class, FailureMixBenchmark.class,
      FlappingBenchmark.class, EventsBenchmark.class, FullQueueBenchmark.class,
      ScaleBenchmark.class, RateWindowBenchmark.class, ReactorBenchmark.class,
      HttpClientBenchmark.class, JfrBenchmark.class);

  private Suite() {}

  /** Runs the suite; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int[] threads = {1, 2};
    Path json = null;
    List<Pattern> only = new ArrayList<>();
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Arrays.stream(args[++i].split(","))
            .mapToInt(Integer::parseInt).toArray();
        case "--json" -> json = Path.of(args[++i]);
        case "--only" -> only.add(Pattern.compile(args[++i]));
        default -> jmhArgs.add(args[i]);
      }
    }
    CommandLineOptions common = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    if (!common.getIncludes().isEmpty()) {
      throw new IllegalArgumentException("select benchmarks with --only REGEX, not positional "
          + "JMH includes: " + common.getIncludes());
    }
    List<String> selected = new ArrayList<>();
    for (Class<?> c : CLASSES) {
      List<Method> methods = new ArrayList<>(Arrays.asList(c.getMethods()));
      methods.removeIf(m -> !m.isAnnotationPresent(Benchmark.class));
      methods.sort(Comparator.comparing(Method::getName));
      for (Method m : methods) {
        String name = c.getSimpleName() + "." + m.getName();
        if (only.isEmpty() || only.stream().anyMatch(p -> p.matcher(name).find())) {
          selected.add(c.getName() + "." + m.getName());
        }
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("no benchmark matches " + only);
    }
    System.out.printf("Suite: %d benchmark methods x threads %s%n", selected.size(),
        Arrays.toString(threads));
    List<RunResult> all = new ArrayList<>();
    for (String benchmark : selected) {
      for (int t : threads) {
        Options o = new OptionsBuilder().parent(common)
            .include("^" + Pattern.quote(benchmark) + "$")
            .threads(t)
            .build();
        all.addAll(new Runner(o).run());
        if (json != null) { // after every run, so an interrupted suite keeps what it measured
          Files.createDirectories(json.toAbsolutePath().getParent());
          ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(all);
        }
      }
    }
    System.out.println();
    System.out.println("Suite summary:");
    ResultFormatFactory.getInstance(ResultFormatType.TEXT, System.out).writeOut(all);
  }
}
