package io.brama.stress;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.CheckedCallable;
import io.brama.CheckedRunnable;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.ConnectionConfig;
import io.brama.ErrorHandler;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The public API of {@code io.brama}, {@code io.brama.testing} and {@code io.brama.spi}, found by reflection over the
 * compiled classes, with the parameter names read from the sources (the classes are compiled without
 * {@code -parameters}), and sensible non-null arguments for every parameter type.
 */
final class PublicApi {
  private PublicApi() {}

  static final String[] PACKAGES = {"io/brama", "io/brama/testing", "io/brama/spi"};

  /** Every public class of the two packages (nested ones included), sorted by name. */
  static List<Class<?>> publicClasses() {
    Path root;
    try {
      root = Paths.get(Brama.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("expected the compiled classes in a directory, was " + root);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String pkg : PACKAGES) {
      try (Stream<Path> files = Files.list(root.resolve(pkg))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String simple = f.getFileName().toString().replace(".class", "");
          if (simple.equals("package-info") || simple.equals("module-info")) {
            continue;
          }
          Class<?> c = Class.forName(pkg.replace('/', '.') + "." + simple);
          if (isPublicApi(c)) {
            classes.add(c);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    classes.sort(Comparator.comparing(Class::getName));
    return classes;
  }

  private static boolean isPublicApi(Class<?> c) {
    if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** "Brama.Builder", "ManualClock": the name used in reports and in the allow-list. */
  static String name(Class<?> c) {
    return c.getEnclosingClass() == null ? c.getSimpleName()
        : name(c.getEnclosingClass()) + "." + c.getSimpleName();
  }

  /** "Brama#open(String, Object, Duration)", "CircuitOpenException#<init>(String, Duration)". */
  static String signature(Class<?> owner, Executable e) {
    StringBuilder sb = new StringBuilder(name(owner)).append('#')
        .append(e instanceof Constructor ? "<init>" : e.getName()).append('(');
    Class<?>[] types = e.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return sb.append(')').toString();
  }

  /** The public constructors and the public methods declared in {@code io.brama} types. */
  static List<Executable> members(Class<?> c) {
    List<Executable> members = new ArrayList<>();
    if (!Modifier.isAbstract(c.getModifiers()) && !c.isEnum()) {
      members.addAll(List.of(c.getConstructors()));
    }
    for (Method m : c.getMethods()) {
      if (m.isBridge() || m.isSynthetic()
          || !m.getDeclaringClass().getPackageName().startsWith("io.brama")) {
        continue;
      }
      // an inherited static method is not a member; Class.getMethods lists only c's own statics
      members.add(m);
    }
    members.sort(Comparator.comparing(e -> signature(c, e)));
    return members;
  }

  // ---- parameter names, from the sources ----

  private static final Map<Class<?>, String> SOURCES = new HashMap<>();
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
  private static final Pattern LITERALS = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])'");
  private static final Pattern PARAMETER = Pattern.compile(
      "(?:final\\s+)?(?:@\\w+\\s+)*([\\w.$]+(?:<.*>)?(?:\\[\\])*(?:\\.\\.\\.)?)\\s+(\\w+)");

  /**
   * The names of {@code e}'s parameters as written in its source file.
   *
   * @throws IllegalStateException if the declaration cannot be found, so that the tester never
   *     silently checks against made-up names
   */
  static String[] parameterNames(Executable e) {
    Class<?> owner = e.getDeclaringClass();
    String src = source(owner);
    String simple = e instanceof Constructor ? owner.getSimpleName() : e.getName();
    Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(simple) + "\\s*\\(").matcher(src);
    Class<?>[] types = e.getParameterTypes();
    while (m.find()) {
      int open = m.end() - 1;
      int close = matching(src, open);
      if (close < 0) {
        continue;
      }
      String after = src.substring(close + 1).stripLeading();
      if (!(after.startsWith("{") || after.startsWith(";") || after.startsWith("throws"))) {
        continue;
      }
      List<String> params = splitTopLevel(src.substring(open + 1, close));
      if (params.size() != types.length) {
        continue;
      }
      String[] names = new String[types.length];
      boolean ok = true;
      for (int i = 0; i < types.length && ok; i++) {
        Matcher p = PARAMETER.matcher(params.get(i).strip());
        if (!p.matches() || !sameType(p.group(1), types[i], e)) {
          ok = false;
        } else {
          names[i] = p.group(2);
        }
      }
      if (ok) {
        return names;
      }
    }
    throw new IllegalStateException("cannot find the declaration of " + e + " in the source of "
        + owner.getName());
  }

  private static boolean sameType(String written, Class<?> actual, Executable e) {
    String t = written.replaceAll("<.*>", "").replace("...", "[]");
    String base = t.replace("[]", "");
    base = base.substring(base.lastIndexOf('.') + 1);
    int dims = (t.length() - t.replace("[]", "").length()) / 2;
    Class<?> a = actual;
    int actualDims = 0;
    while (a.isArray()) {
      a = a.getComponentType();
      actualDims++;
    }
    if (dims != actualDims) {
      return false;
    }
    if (base.equals(a.getSimpleName())) {
      return true;
    }
    List<TypeVariable<?>> vars = new ArrayList<>(List.of(e.getTypeParameters()));
    vars.addAll(List.of(e.getDeclaringClass().getTypeParameters()));
    String finalBase = base;
    return vars.stream().anyMatch(v -> v.getName().equals(finalBase));
  }

  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    if (s.isBlank()) {
      return parts;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '<' || ch == '(') {
        depth++;
      } else if (ch == '>' || ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static synchronized String source(Class<?> c) {
    Class<?> top = c;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    Class<?> file = top;
    return SOURCES.computeIfAbsent(file, k -> {
      String rel = "src/main/java/" + k.getName().replace('.', '/') + ".java";
      Path base = Paths.get(System.getProperty("basedir", "."));
      for (Path p : List.of(base.resolve(rel), base.resolve("brama-core").resolve(rel))) {
        if (Files.isRegularFile(p)) {
          try {
            String text = Files.readString(p);
            return LITERALS.matcher(COMMENTS.matcher(text).replaceAll(" ")).replaceAll("\"\"");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      throw new IllegalStateException("no source for " + k.getName() + " under " + base);
    });
  }

  // ---- arguments ----

  /** An interface with one annotated method, for {@code decorate}. */
  interface Pay {
    @CircuitBreaker("a")
    String pay();
  }

  private static java.lang.reflect.Method payMethod() {
    try {
      return Pay.class.getMethod("pay");
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A valid non-null argument for a parameter of {@code type} named {@code name}, or
   * {@link #NONE} if there is no default for that type (which the tests treat as an error).
   */
  static Object argument(Class<?> type, String name) {
    if (type == int.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == double.class) {
      return switch (name) {
        case "backoffFactor" -> 2.0;
        case "fraction" -> 0.1;
        default -> 50.0; // the percentages
      };
    }
    if (type == boolean.class) {
      return false;
    }
    Object v = REFERENCE_DEFAULTS.get(type);
    if (v instanceof Supplier<?> s) {
      return s.get();
    }
    return v == null ? NONE : v;
  }

  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "<no default>";
    }
  };

  private static final Map<Class<?>, Object> REFERENCE_DEFAULTS = new HashMap<>();

  static {
    Map<Class<?>, Object> d = REFERENCE_DEFAULTS;
    d.put(String.class, "a"); // the id every Brama fixture registers
    d.put(Object.class, "a reason");
    d.put(Duration.class, Duration.ofSeconds(1));
    d.put(Instant.class, ManualClock.DEFAULT_START);
    d.put(InstantSource.class, (Supplier<Object>) ManualClock::new);
    d.put(Executor.class, (Executor) Runnable::run);
    d.put(Registration.class, Registration.empty());
    d.put(ConnectionConfig.class, ConnectionConfig.empty());
    d.put(BramaConfig.class, BramaConfig.defaults());
    d.put(FailurePolicy.class, FailurePolicy.consecutive(3));
    d.put(io.brama.RatePolicy.class, FailurePolicy.rate(50, 10, 5));
    d.put(ExpiryStrategy.class, ExpiryStrategy.fixed(Duration.ofSeconds(1)));
    d.put(EventFilter.class, EventFilter.all());
    d.put(EventType[].class, (Supplier<Object>) () -> new EventType[] {EventType.STATE_CHANGE});
    d.put(Class[].class, (Supplier<Object>) () -> new Class<?>[] {IOException.class});
    d.put(BramaListener.class, (BramaListener) e -> { });
    d.put(BramaEvent.class, new BramaEvent(EventType.SUCCESS, "a", null, null,
        ManualClock.DEFAULT_START, 1, null, io.brama.CircuitState.CLOSED, null));
    d.put(EventType.class, EventType.SUCCESS);
    d.put(CheckedCallable.class, (CheckedCallable<String, RuntimeException>) () -> "x");
    d.put(CheckedRunnable.class, (CheckedRunnable<RuntimeException>) () -> { });
    d.put(ErrorHandler.class, ErrorHandler.defaults());
    d.put(Runnable.class, (Runnable) () -> { });
    d.put(io.brama.spi.CallObserver.class, new io.brama.spi.CallObserver() {
      @Override
      public Call admitted(String connection, io.brama.CircuitState state) {
        return null;
      }

      @Override
      public void rejected(String connection, io.brama.CircuitState state,
          CircuitOpenException rejection) { }
    });
    d.put(java.util.function.Consumer.class, (java.util.function.Consumer<Object>) e -> { });
    d.put(CircuitOpenException.class, new CircuitOpenException("a", Duration.ofSeconds(1)));
    d.put(Supplier.class, (Supplier<Object>) () ->
        (Supplier<CompletableFuture<String>>) () -> CompletableFuture.completedFuture("x"));
    d.put(Function.class, (Function<CircuitOpenException, String>) e -> "fallback");
    d.put(Class.class, Pay.class);
    d.put(Map.class, Map.of("k", "v"));
    d.put(Properties.class, (Supplier<Object>) Properties::new);
    d.put(RandomGenerator.class, (Supplier<Object>) () -> new Random(1));
    d.put(Throwable.class, new RuntimeException("cause"));
    d.put(io.brama.HealthCheck.class, (io.brama.HealthCheck) io.brama.Health::healthy);
    d.put(javax.sql.DataSource.class, (Supplier<Object>) org.postgresql.ds.PGSimpleDataSource::new);
    d.put(java.net.URI.class, java.net.URI.create("http://127.0.0.1:1/health"));
    d.put(java.lang.reflect.Method.class, payMethod());
    d.put(CircuitBreaker.class, payMethod().getAnnotation(CircuitBreaker.class));
    d.put(io.brama.GuardedMethod.Invocation.class, (io.brama.GuardedMethod.Invocation) () -> "x");
    d.put(Object[].class, (Supplier<Object>) () -> new Object[0]);
    d.put(io.brama.spi.Sharing.class, new io.brama.spi.Sharing() {
      @Override public void registered(String id) { }
      @Override public void unregistered(String id) { }
      @Override public void failureRecorded(String id) { }
      @Override public void succeeded(String id) { }
      @Override public void transitioned(io.brama.spi.LocalTransition transition) { }
    });
  }
}
