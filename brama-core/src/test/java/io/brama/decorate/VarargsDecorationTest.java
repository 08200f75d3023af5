package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.GuardedMethod;
import io.brama.testing.ManualClock;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 2: varargs methods of a decorated interface (and of a guarded class) are called
 * with the caller's array, annotated or not, and so are their fallbacks. They threw
 * ClassCastException on every call: the method handles were varargs collectors, which wrapped the
 * array in another array.
 */
class VarargsDecorationTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;
  private Formatter target;
  private Formats formats;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
    target = new Formatter();
    formats = brama.decorate(Formats.class, target);
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  public interface Formats {
    String plain(String... parts);

    @CircuitBreaker("fmt")
    String guarded(String... parts);

    @CircuitBreaker("sum")
    int sum(int... xs);

    @CircuitBreaker("fmt")
    String join(String separator, Object... parts);

    @CircuitBreaker(value = "fmt", fallback = "varargsFallback")
    String withVarargsFallback(String... parts);

    @CircuitBreaker(value = "fmt", fallback = "rejectedFallback")
    String withRejectionFallback(String... parts);

    @CircuitBreaker(value = "sum", fallback = "sumFallback")
    int sumOrFallback(int... xs);

    @CircuitBreaker(value = "fmt", fallback = "asyncFallback")
    CompletableFuture<String> later(String... parts);

    default String viaDefault(String... parts) {
      return "default " + plain(parts);
    }
  }

  /** Records the arrays it is given, so the tests can check they arrive as passed. */
  public static class Formatter implements Formats {
    final List<Object> received = new ArrayList<>();

    private String render(Object[] parts) {
      received.add(parts);
      return parts == null ? "null" : Arrays.toString(parts);
    }

    @Override
    public String plain(String... parts) {
      return render(parts);
    }

    @Override
    public String guarded(String... parts) {
      return render(parts);
    }

    @Override
    public int sum(int... xs) {
      received.add(xs);
      return IntStream.of(xs).sum();
    }

    @Override
    public String join(String separator, Object... parts) {
      received.add(parts);
      return separator + render(parts);
    }

    @Override
    public String withVarargsFallback(String... parts) {
      return render(parts);
    }

    @Override
    public String withRejectionFallback(String... parts) {
      return render(parts);
    }

    @Override
    public int sumOrFallback(int... xs) {
      return sum(xs);
    }

    @Override
    public CompletableFuture<String> later(String... parts) {
      return CompletableFuture.completedFuture(render(parts));
    }

    public String varargsFallback(String... parts) {
      received.add(parts);
      return "fallback " + (parts == null ? "null" : Arrays.toString(parts));
    }

    public String rejectedFallback(String[] parts, CircuitOpenException rejection) {
      received.add(parts);
      return "rejected by " + rejection.connection() + " " + Arrays.toString(parts);
    }

    public int sumFallback(int[] xs, Throwable rejection) {
      received.add(xs);
      return -IntStream.of(xs).sum();
    }

    public String asyncFallback(String... parts) {
      received.add(parts);
      return "later " + Arrays.toString(parts);
    }
  }

  private void open(String id) {
    brama.open(id);
    assertThat(brama.status(id).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void anUnannotatedVarargsMethodGetsTheCallersArray() {
    String[] parts = {"a", "b"};
    assertThat(formats.plain(parts)).isEqualTo("[a, b]");
    assertThat(target.received).containsExactly((Object) parts);
    assertThat(formats.plain()).isEqualTo("[]");
    assertThat(formats.plain("x", null)).isEqualTo("[x, null]");
    assertThat(formats.plain((String[]) null)).isEqualTo("null");
    assertThat(formats.viaDefault("d")).isEqualTo("default [d]");
  }

  @Test
  void anAnnotatedVarargsMethodRunsThroughTheGateWithTheCallersArray() {
    String[] parts = {"a", "b"};
    assertThat(formats.guarded(parts)).isEqualTo("[a, b]");
    assertThat(target.received).containsExactly((Object) parts);
    assertThat(formats.guarded()).isEqualTo("[]");
    assertThat(formats.guarded((String[]) null)).isEqualTo("null");
    assertThat(formats.join("-", 1, "two", null)).isEqualTo("-[1, two, null]");
    assertThat(formats.join("-")).isEqualTo("-[]");
    assertThat(brama.status("fmt").lastSuccessAt()).isNotNull();
  }

  @Test
  void primitiveVarargsArePassedAsTheirArray() {
    int[] xs = {1, 2, 3};
    assertThat(formats.sum(xs)).isEqualTo(6);
    assertThat(target.received).containsExactly(xs);
    assertThat(formats.sum()).isZero();
    assertThat(formats.sum(7)).isEqualTo(7);
    assertThat(formats.sumOrFallback(4, 5)).isEqualTo(9);
  }

  @Test
  void aVarargsFallbackGetsTheCallersArray() {
    open("fmt");
    String[] parts = {"a"};
    assertThat(formats.withVarargsFallback(parts)).isEqualTo("fallback [a]");
    assertThat(target.received).containsExactly((Object) parts);
    assertThat(formats.withVarargsFallback()).isEqualTo("fallback []");
    assertThat(formats.withVarargsFallback((String[]) null)).isEqualTo("fallback null");
  }

  @Test
  void aFallbackTakingTheArrayAndTheRejectionGetsBoth() {
    open("fmt");
    assertThat(formats.withRejectionFallback("a", "b")).isEqualTo("rejected by fmt [a, b]");
    assertThat(formats.withRejectionFallback()).isEqualTo("rejected by fmt []");
    open("sum");
    int[] xs = {2, 3};
    assertThat(formats.sumOrFallback(xs)).isEqualTo(-5);
    assertThat(target.received).last().isSameAs(xs);
  }

  @Test
  void anAsyncVarargsMethodAndItsFallbackGetTheCallersArray() {
    assertThat(formats.later("a").join()).isEqualTo("[a]");
    open("fmt");
    assertThat(formats.later("b", "c").join()).isEqualTo("later [b, c]");
  }

  @Test
  void withoutAFallbackARejectedVarargsCallThrowsTheRejection() {
    open("fmt");
    assertThatThrownBy(() -> formats.guarded("a")).isInstanceOf(CircuitOpenException.class);
    assertThat(target.received).isEmpty();
  }

  /** A class whose methods a framework intercepts itself, as the Spring starter does. */
  public static class GuardedFormatter {
    final List<Object> received = new ArrayList<>();

    @CircuitBreaker(value = "g", fallback = "fallback")
    public String format(String... parts) {
      return Arrays.toString(parts);
    }

    public String fallback(String... parts) {
      received.add(parts);
      return "fallback " + Arrays.toString(parts);
    }

    @CircuitBreaker(value = "g", fallback = "total")
    public long add(long... xs) {
      return 0;
    }

    public long total(long[] xs, CircuitOpenException rejection) {
      received.add(xs);
      return -xs.length;
    }
  }

  @Test
  void aGuardedVarargsMethodsFallbackGetsTheCallersArray() throws Throwable {
    Method format = GuardedFormatter.class.getMethod("format", String[].class);
    Method add = GuardedFormatter.class.getMethod("add", long[].class);
    GuardedMethod guardedFormat = brama.guard(format,
        format.getAnnotation(CircuitBreaker.class), GuardedFormatter.class);
    GuardedMethod guardedAdd = brama.guard(add, add.getAnnotation(CircuitBreaker.class),
        GuardedFormatter.class);
    GuardedFormatter bean = new GuardedFormatter();
    String[] parts = {"x", "y"};
    assertThat(guardedFormat.invoke(bean, new Object[] {parts}, () -> "ran")).isEqualTo("ran");

    open("g");
    assertThat(guardedFormat.invoke(bean, new Object[] {parts}, () -> "ran"))
        .isEqualTo("fallback [x, y]");
    long[] xs = {1, 2, 3};
    assertThat(guardedAdd.invoke(bean, new Object[] {xs}, () -> 6L)).isEqualTo(-3L);
    assertThat(bean.received).containsExactly(parts, xs);
  }

  public interface Throwing {
    @CircuitBreaker("throwing")
    String fail(Exception... errors) throws Exception;
  }

  @Test
  void aVarargsMethodsExceptionPropagatesUnchangedAndIsRecorded() {
    Throwing t = brama.decorate(Throwing.class, errors -> {
      throw errors[0];
    });
    java.io.IOException boom = new java.io.IOException("boom");
    assertThatThrownBy(() -> t.fail(boom, new RuntimeException())).isSameAs(boom);
    assertThat(brama.status("throwing").lastFailureReason()).isSameAs(boom);
  }

  @Test
  void aFrameworkPassingTheWrongNumberOfArgumentsToAFallbackGetsAClearError() throws Exception {
    Method format = GuardedFormatter.class.getMethod("format", String[].class);
    Method add = GuardedFormatter.class.getMethod("add", long[].class);
    GuardedMethod guardedFormat = brama.guard(format,
        format.getAnnotation(CircuitBreaker.class), GuardedFormatter.class);
    GuardedMethod guardedAdd = brama.guard(add, add.getAnnotation(CircuitBreaker.class),
        GuardedFormatter.class);
    open("g");
    GuardedFormatter bean = new GuardedFormatter();
    assertThatThrownBy(() -> guardedFormat.invoke(bean, null, () -> "ran"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("args must have 1 elements, the arguments of the method (@CircuitBreaker on "
            + GuardedFormatter.class.getName() + ".format(String[])), was 0");
    assertThatThrownBy(() -> guardedAdd.invoke(bean, new Object[] {new long[0], "extra"},
        () -> 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("args must have 1 elements").hasMessageEndingWith("was 2");
    assertThat(bean.received).isEmpty();
  }

  @Property(tries = 50)
  void anyArrayReachesTheTargetAndTheFallbackUnchanged(
      @ForAll @Size(max = 5) @WithNull(0.2) String[] parts, @ForAll boolean rejected) {
    try (Brama b = Support.newBrama(new ManualClock())) {
      Formatter t = new Formatter();
      Formats f = b.decorate(Formats.class, t);
      if (rejected) {
        b.open("fmt");
      }
      String expected = Arrays.toString(parts);
      assertThat(f.plain(parts)).isEqualTo(expected);
      if (rejected) {
        assertThatThrownBy(() -> f.guarded(parts)).isInstanceOf(CircuitOpenException.class);
      } else {
        assertThat(f.guarded(parts)).isEqualTo(expected);
      }
      assertThat(f.withVarargsFallback(parts))
          .isEqualTo(rejected ? "fallback " + expected : expected);
      assertThat(f.withRejectionFallback(parts))
          .isEqualTo(rejected ? "rejected by fmt " + expected : expected);
      assertThat(t.received).allSatisfy(a -> assertThat(a).isSameAs(parts));
    }
  }
}
