package io.brama.benchmarks;

import dev.failsafe.CircuitBreaker;
import io.brama.Brama;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Retained heap per registered connection: for each library, the used heap after a full GC with
 * 100,000 named breakers registered, minus the used heap after a full GC just before (the registry
 * itself and the 100,000 id strings already exist, so neither is counted); the median of 5 runs.
 * Brama: {@code brama.register(id)}. Resilience4j: {@code registry.circuitBreaker(id)} with the
 * default config (COUNT_BASED window of 100) and with a window of 10. Failsafe has no registry:
 * {@code CircuitBreaker.ofDefaults()} in a {@code ConcurrentHashMap} by id. The minimal reference:
 * {@link MinimalBreaker}.
 *
 * <p>Run: {@code mvn -B -q -pl brama-benchmarks -am package -DskipTests && java -Xmx2g
 * -XX:+UseSerialGC -cp brama-benchmarks/target/benchmarks.jar io.brama.benchmarks.HeapDelta
 * [--json FILE] [--connections N] [--runs N]}
 */
public final class HeapDelta {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapDelta() {}

  /** One library: makes an empty registry, and registers ids in it. */
  private record Subject(String name, Supplier<Object> create, BiConsumer<Object, String[]> fill,
      String notes) {}

  /**
   * Prints bytes per connection for each library; with {@code --json FILE} also writes them there.
   */
  public static void main(String[] args) throws Exception {
    int connections = 100_000;
    int runs = 5;
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    String[] ids = new String[connections];
    for (int i = 0; i < connections; i++) {
      ids[i] = "connection-" + i;
      ids[i].hashCode(); // the hash is cached in the string before the baseline
    }
    CircuitBreakerConfig window10 = CircuitBreakerConfig.custom().slidingWindowSize(10)
        .minimumNumberOfCalls(10).build();
    List<Subject> subjects = List.of(
        new Subject("Brama", Brama::create, (r, i) -> {
          for (String id : i) {
            ((Brama) r).register(id);
          }
          settle(); // lets the event drain empty its inbox of REGISTERED events (no subscribers)
        }, "brama.register(id), default config"),
        new Subject("Resilience4j default", CircuitBreakerRegistry::ofDefaults, HeapDelta::r4j,
            "registry.circuitBreaker(id), COUNT_BASED window 100"),
        new Subject("Resilience4j window 10", () -> CircuitBreakerRegistry.of(window10),
            HeapDelta::r4j, "registry.circuitBreaker(id), COUNT_BASED window 10"),
        new Subject("Failsafe", ConcurrentHashMap::new, (r, i) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> map = (Map<String, Object>) r;
          for (String id : i) {
            map.put(id, CircuitBreaker.ofDefaults());
          }
        }, "CircuitBreaker.ofDefaults() in a ConcurrentHashMap"),
        new Subject("minimal reference", MinimalBreaker::new, (r, i) -> {
          for (String id : i) {
            ((MinimalBreaker) r).register(id);
          }
        }, "MinimalBreaker: ConcurrentHashMap<String, Ref>"));
    Map<String, double[]> results = new LinkedHashMap<>();
    for (Subject s : subjects) {
      Object r = s.create().get(); // loads and warms the classes, outside the measurement
      s.fill().accept(r, Arrays.copyOf(ids, 1000));
      close(r);
    }
    for (int r = 0; r < runs; r++) {
      for (Subject s : subjects) {
        double perConnection = measure(s, ids);
        results.computeIfAbsent(s.name(), k -> new double[0]);
        double[] old = results.get(s.name());
        double[] now = Arrays.copyOf(old, old.length + 1);
        now[old.length] = perConnection;
        results.put(s.name(), now);
      }
    }
    System.out.printf(Locale.ROOT, "Retained heap per registered connection: %,d connections, "
        + "median of %d runs (JDK %s, %s, compressed oops: %s)%n", connections, runs,
        System.getProperty("java.version"), gcName(), compressedOops());
    StringBuilder out = new StringBuilder("{\n  \"connections\": " + connections + ",\n  \"runs\": "
        + runs + ",\n  \"results\": [\n");
    int n = 0;
    for (Subject s : subjects) {
      double[] v = results.get(s.name()).clone();
      Arrays.sort(v);
      double median = v[v.length / 2];
      System.out.printf(Locale.ROOT, "  %-24s %8.1f B/connection   (runs: %s; %s)%n", s.name(),
          median, Arrays.toString(round(results.get(s.name()))), s.notes());
      out.append(String.format(Locale.ROOT,
          "    {\"name\": \"%s\", \"bytesPerConnection\": %.1f, \"runs\": %s, \"notes\": \"%s\"}%s%n",
          s.name(), median, Arrays.toString(round(results.get(s.name()))), s.notes(),
          ++n < subjects.size() ? "," : ""));
    }
    out.append("  ]\n}\n");
    if (json != null) {
      Files.writeString(json, out.toString());
    }
  }

  private static double measure(Subject s, String[] ids) throws InterruptedException {
    Object registry = s.create().get();
    long before = usedAfterGc();
    s.fill().accept(registry, ids);
    long after = usedAfterGc();
    sink = registry; // reachable until after the second measurement
    sink = null;
    close(registry);
    return (after - before) / (double) ids.length;
  }

  private static volatile Object sink;

  private static void close(Object registry) {
    if (registry instanceof Brama b) {
      b.close();
    }
  }

  private static void r4j(Object registry, String[] ids) {
    for (String id : ids) {
      ((CircuitBreakerRegistry) registry).circuitBreaker(id);
    }
  }

  /** Lets the Brama's event drain empty its inbox. */
  private static void settle() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static String gcName() {
    List<String> names = new ArrayList<>();
    ManagementFactory.getGarbageCollectorMXBeans().forEach(b -> names.add(b.getName()));
    return String.join("/", names);
  }

  private static String compressedOops() {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("UseCompressedOops").getValue();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static long[] round(double[] v) {
    long[] r = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i]);
    }
    return r;
  }
}
