package io.brama.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaListener;
import io.brama.CheckedCallable;
import io.brama.CheckedRunnable;
import io.brama.Circuit;
import io.brama.CircuitOpenException;
import io.brama.ConnectionAlreadyRegisteredException;
import io.brama.ConnectionConfig;
import io.brama.ErrorHandler;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.SettingsBuilder;
import io.brama.Subscription;
import io.brama.UnknownConnectionException;
import io.brama.testing.ManualClock;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 5, part 5: a NullPointerTester for the whole public API of {@code io.brama} and
 * {@code io.brama.testing}. For every public constructor and every public static and instance
 * method (builders' included) it passes null for each reference parameter in turn, sensible values
 * for the others, and expects {@code NullPointerException("<parameter> must not be null")}, the
 * project's message (README: "a null where none is allowed throws NullPointerException naming the
 * parameter"). A varargs/array parameter is also given an array holding null ({@code "<p>[0] ..."}).
 * Parameter names come from the sources ({@link PublicApi#parameterNames}).
 *
 * <p>Each check is its own dynamic test, named after the member and the parameter.
 */
class NullHygieneTest {

  /**
   * Where null is documented as allowed. Keys are {@code Class#member(parameter)}, {@code *} for
   * any; each entry must still match something (a stale entry fails {@code allowListIsUsed}).
   */
  private static final Map<String, String> NULL_ALLOWED = new LinkedHashMap<>();

  static {
    Map<String, String> a = NULL_ALLOWED;
    a.put("Registration.Builder#type(type)", "javadoc: \"may be null\"");
    a.put("Registration.Builder#scope(scope)", "javadoc: \"may be null\"");
    a.put("*#*(reason)", "every reason (Brama.failure/open/reset, Circuit.failure, "
        + "Permit.failure, Outcome.failure): \"reason (may be null)\"; events carry it as given");
    a.put("ErrorHandler#classify(result)", "javadoc: \"null when the call threw\"");
    a.put("ErrorHandler#classify(error)", "javadoc: \"or null on normal return\"");
    a.put("*#equals(*)", "Object.equals: false for null");
    a.put("BramaEvent#<init>(*)", "a record of what happened: components documented as null "
        + "where they do not apply (type, scope, previousState, reason ...)");
    a.put("ConnectionStatus#<init>(*)", "a record of what is: components documented as null "
        + "where they do not apply (openedAt, lastFailureReason, window ...)");
    a.put("LocalTransition#<init>(*)", "a record of what happened: openFor and reason are "
        + "documented as null where they do not apply");
    a.put("GuardedMethod#invoke(args)", "javadoc: a method's arguments may be null, and a null "
        + "array means none");
    a.put("GuardedMethod#fallback(args)", "javadoc: as invoke's, the arguments may be null, and "
        + "so may the array");
    a.put("ConfigKeys.Key#<init>(defaultValue)", "javadoc: \"or null when the key has no "
        + "default\"");
    a.put("Permit#complete(result)", "javadoc: \"what the work returned (may be null\"");
    a.put("Permit#complete(error)", "javadoc: \"what it threw, or null when it returned\"");
    a.put("BramaException#<init>(message)", "Throwable's convention: message may be null");
    a.put("BramaException#<init>(cause)", "Throwable's convention: cause may be null");
  }

  /**
   * Interfaces the application implements and Brama only calls: Brama has no instance of its own
   * whose methods could be tested.
   */
  private static final Set<Class<?>> IMPLEMENTED_BY_THE_APPLICATION =
      Set.of(BramaListener.class, CheckedCallable.class, CheckedRunnable.class,
          io.brama.GuardedMethod.Invocation.class, io.brama.spi.Sharing.class,
          io.brama.spi.CallObserver.class, io.brama.spi.CallObserver.Call.class);

  /** Per invocation: a fresh clock and (when needed) a fresh Brama with "a" registered. */
  static final class Ctx implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    private Brama brama;

    Brama brama() {
      if (brama == null) {
        brama = Brama.builder().clock(clock).eventExecutor(Runnable::run).build();
        brama.register("a");
      }
      return brama;
    }

    @Override
    public void close() {
      if (brama != null) {
        brama.close();
      }
    }
  }

  private record Fixture(String label, Function<Ctx, Object> make) {}

  /** Instances whose methods are tested, per public type (several where behaviour differs). */
  private static final Map<Class<?>, List<Fixture>> INSTANCES = new LinkedHashMap<>();

  private static void instance(Class<?> type, String label, Function<Ctx, Object> make) {
    INSTANCES.computeIfAbsent(type, k -> new ArrayList<>()).add(new Fixture(label, make));
  }

  static {
    instance(Brama.class, "brama", Ctx::brama);
    instance(Brama.Builder.class, "builder", c -> Brama.builder());
    instance(BramaConfig.class, "defaults", c -> BramaConfig.defaults());
    instance(BramaConfig.Builder.class, "builder", c -> BramaConfig.builder());
    instance(ConnectionConfig.class, "config", c -> ConnectionConfig.builder().maxAttempts(2)
        .build());
    instance(ConnectionConfig.Builder.class, "builder", c -> ConnectionConfig.builder());
    instance(SettingsBuilder.class, "BramaConfig.builder", c -> BramaConfig.builder());
    instance(SettingsBuilder.class, "ConnectionConfig.builder", c -> ConnectionConfig.builder());
    instance(Registration.class, "empty", c -> Registration.empty());
    instance(Registration.Builder.class, "builder", c -> Registration.builder());
    instance(EventFilter.class, "all", c -> EventFilter.all());
    instance(EventFilter.class, "of(STATE_CHANGE)", c -> EventFilter.of(EventType.STATE_CHANGE));
    instance(Circuit.class, "handle", c -> c.brama().circuit("a"));
    instance(Permit.class, "granted in CLOSED", c -> c.brama().tryAcquire("a"));
    instance(Permit.class, "trial", c -> {
      c.brama().open("a", "test", Duration.ofSeconds(1));
      c.clock.advance(Duration.ofSeconds(1));
      Permit p = c.brama().tryAcquire("a");
      assertThat(p.granted()).isTrue();
      return p;
    });
    instance(Permit.class, "refused", c -> {
      c.brama().open("a");
      Permit p = c.brama().tryAcquire("a");
      assertThat(p.granted()).isFalse();
      return p;
    });
    instance(Subscription.class, "subscription", c -> c.brama().subscribe(e -> { }));
    instance(io.brama.spi.SharedCircuits.class, "attached", c -> c.brama().attach(
        (io.brama.spi.Sharing) PublicApi.argument(io.brama.spi.Sharing.class, "sharing")));
    instance(io.brama.GuardedMethod.class, "guard", c -> {
      try {
        java.lang.reflect.Method pay = PublicApi.Pay.class.getMethod("pay");
        return c.brama().guard(pay, pay.getAnnotation(io.brama.CircuitBreaker.class),
            PublicApi.Pay.class);
      } catch (NoSuchMethodException e) {
        throw new AssertionError(e);
      }
    });
    instance(io.brama.RatePolicy.class, "rate", c -> io.brama.FailurePolicy.rate(50, 10, 5));
    instance(io.brama.RatePolicy.class, "timedRate",
        c -> io.brama.FailurePolicy.timedRate(50, Duration.ofSeconds(10), 5));
    instance(ManualClock.class, "clock", c -> new ManualClock());
    instance(ExpiryStrategy.class, "fixed", c -> ExpiryStrategy.fixed(Duration.ofSeconds(1)));
    instance(ExpiryStrategy.class, "progressive", c -> ExpiryStrategy.progressive(
        Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0));
    instance(ExpiryStrategy.class, "jittered", c -> ExpiryStrategy.fixed(Duration.ofSeconds(1))
        .withJitter(0.1));
    instance(ErrorHandler.class, "defaults", c -> ErrorHandler.defaults());
    instance(Outcome.class, "failure", c -> Outcome.failure("x"));
    instance(CircuitOpenException.class, "rejection",
        c -> new CircuitOpenException("a", Duration.ofSeconds(1)));
    instance(UnknownConnectionException.class, "unknown", c -> new UnknownConnectionException("a"));
    instance(ConnectionAlreadyRegisteredException.class, "taken",
        c -> new ConnectionAlreadyRegisteredException("a"));
  }

  private final Set<String> allowListUsed = new LinkedHashSet<>();

  @TestFactory
  List<DynamicTest> everyReferenceParameterRejectsNullNamingIt() {
    List<DynamicTest> tests = new ArrayList<>();
    List<Class<?>> classes = PublicApi.publicClasses();
    tests.add(dynamicTest("the scan finds the public API", () -> {
      assertThat(classes).contains(Brama.class, Brama.Builder.class, BramaConfig.Builder.class,
          ConnectionConfig.Builder.class, Registration.Builder.class, Circuit.class, Permit.class,
          EventFilter.class, ExpiryStrategy.class, ManualClock.class, Outcome.class);
      assertThat(classes).noneMatch(c -> c.getPackageName().contains("internal"));
    }));
    for (Class<?> c : classes) {
      if (c.isAnnotation()) {
        continue; // annotation elements take no arguments
      }
      for (Executable member : PublicApi.members(c)) {
        addChecks(c, member, tests);
      }
    }
    int checks = tests.size();
    tests.add(dynamicTest("the tester checked enough (" + checks + " checks)",
        () -> assertThat(checks).isGreaterThan(80)));
    tests.add(dynamicTest("allowListIsUsed", () -> assertThat(allowListUsed)
        .as("allow-list entries that matched nothing (stale?)")
        .containsExactlyInAnyOrderElementsOf(NULL_ALLOWED.keySet())));
    return tests;
  }

  private void addChecks(Class<?> c, Executable member, List<DynamicTest> tests) {
    Class<?>[] types = member.getParameterTypes();
    List<Integer> references = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      if (!types[i].isPrimitive()) {
        references.add(i);
      }
    }
    if (references.isEmpty()) {
      return;
    }
    boolean isStatic = member instanceof Constructor || Modifier.isStatic(member.getModifiers());
    if (c.isEnum() && isStatic && member.getName().equals("valueOf")) {
      return; // generated by the compiler: Enum.valueOf's own NullPointerException ("Name is null")
    }
    if (!isStatic && IMPLEMENTED_BY_THE_APPLICATION.contains(c)) {
      return;
    }
    if (member.getName().equals("equals") && types.length == 1 && types[0] == Object.class) {
      allowListUsed.add("*#equals(*)"); // records' equals is generated: no source to read
      return;
    }
    String signature = PublicApi.signature(c, member);
    String[] names;
    try {
      names = PublicApi.parameterNames(member);
    } catch (IllegalStateException e) {
      tests.add(dynamicTest(signature + ": parameter names", () -> {
        throw e;
      }));
      return;
    }
    List<Fixture> fixtures = isStatic ? List.of(new Fixture("static", ctx -> null))
        : INSTANCES.getOrDefault(c, List.of());
    if (fixtures.isEmpty()) {
      tests.add(dynamicTest(signature + ": an instance to test it on", () -> {
        throw new AssertionError("no fixture instance for " + c.getName() + "; add one to "
            + "INSTANCES (or explain in IMPLEMENTED_BY_THE_APPLICATION why there is none)");
      }));
      return;
    }
    String memberName = member instanceof Constructor ? "<init>" : member.getName();
    for (int i : references) {
      String allowedBy = allowedBy(PublicApi.name(c), memberName, names[i]);
      if (allowedBy != null) {
        allowListUsed.add(allowedBy);
        continue;
      }
      for (Fixture f : fixtures) {
        String on = isStatic ? "" : " [on " + f.label() + "]";
        int index = i;
        tests.add(dynamicTest(signature + " rejects null " + names[i] + on,
            () -> expectNpe(member, f, names, index, false)));
        if (types[i].isArray() && !types[i].getComponentType().isPrimitive()) {
          tests.add(dynamicTest(signature + " rejects a null element of " + names[i] + on,
              () -> expectNpe(member, f, names, index, true)));
        }
      }
    }
  }

  // ---- what the tester caught, one named test each (the dynamic tests are numbered in reports) ----

  @Test
  void exceptionConstructorsAcceptNullConnectionAndRetryAfter() {
    List<String> accepted = new ArrayList<>();
    check(accepted, "new CircuitOpenException(null, PT1S)",
        () -> new CircuitOpenException(null, Duration.ofSeconds(1)), "connection");
    check(accepted, "new CircuitOpenException(\"a\", null)",
        () -> new CircuitOpenException("a", null), "retryAfter");
    check(accepted, "new UnknownConnectionException(null)",
        () -> new UnknownConnectionException(null), "connection");
    check(accepted, "new ConnectionAlreadyRegisteredException(null)",
        () -> new ConnectionAlreadyRegisteredException(null), "connection");
    assertThat(accepted).as("constructors that accept a null nobody documented").isEmpty();
  }

  @Test
  void eventFilterAcceptsAnswersFalseForANullType() {
    List<String> accepted = new ArrayList<>();
    check(accepted, "EventFilter.all().accepts(null)", () -> EventFilter.all().accepts(null),
        "type");
    assertThat(accepted).isEmpty();
  }

  @Test
  void eventFilterTestFailsWithTheJvmsMessageForANullEvent() {
    List<String> accepted = new ArrayList<>();
    check(accepted, "EventFilter.all().test(null)", () -> EventFilter.all().test(null), "event");
    assertThat(accepted).isEmpty();
  }

  private static void check(List<String> wrong, String call, ThrowingCallable code,
      String parameter) {
    Throwable t = catchThrowable(code);
    if (!(t instanceof NullPointerException)
        || !String.valueOf(t.getMessage()).contains(parameter + " must not be null")) {
      wrong.add(call + " -> " + (t == null ? "no exception" : t));
    }
  }

  private static String allowedBy(String className, String member, String parameter) {
    for (String key : NULL_ALLOWED.keySet()) {
      int hash = key.indexOf('#');
      int paren = key.indexOf('(');
      if (matches(key.substring(0, hash), className)
          && matches(key.substring(hash + 1, paren), member)
          && matches(key.substring(paren + 1, key.length() - 1), parameter)) {
        return key;
      }
    }
    return null;
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  private static void expectNpe(Executable member, Fixture fixture, String[] names, int index,
      boolean nullElement) throws Exception {
    Class<?>[] types = member.getParameterTypes();
    try (Ctx ctx = new Ctx()) {
      Object target = fixture.make().apply(ctx);
      Object[] args = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        args[i] = PublicApi.argument(types[i], names[i]);
        assertThat(args[i]).as("a default argument for %s %s (add one to PublicApi)",
            types[i].getName(), names[i]).isNotSameAs(PublicApi.NONE);
      }
      // A builder's setter may name what it sets instead: recordExceptions(types) says
      // "recordExceptions must not be null", which is what the caller wrote.
      List<String> accepted = new ArrayList<>(List.of(names[index]));
      if (member instanceof Method && member.getDeclaringClass().getSimpleName().endsWith("Builder")) {
        accepted.add(member.getName());
      }
      String suffix = nullElement ? "[0] must not be null" : " must not be null";
      args[index] = nullElement ? Array.newInstance(types[index].getComponentType(), 1) : null;
      String expected = String.join("\" or \"", accepted.stream().map(a -> a + suffix).toList());
      Throwable thrown = null;
      Object result = null;
      try {
        result = member instanceof Constructor<?> k ? k.newInstance(args)
            : ((Method) member).invoke(target, args);
      } catch (InvocationTargetException e) {
        thrown = e.getCause();
      } finally {
        if (result instanceof AutoCloseable r) {
          r.close(); // a Brama or Subscription made despite the null
        }
      }
      assertThat(thrown).as("%s with %s = %s%s: expected NullPointerException(\"%s\"), returned %s",
          member, names[index], nullElement ? "[null]" : "null",
          target == null ? "" : " on " + fixture.label(), expected, result)
          .isInstanceOf(NullPointerException.class);
      String message = thrown.getMessage();
      assertThat(accepted).as("the message names the parameter: \"%s\" (expected \"%s\")",
          message, expected).anyMatch(a -> message != null && message.contains(a + suffix));
    }
  }
}
