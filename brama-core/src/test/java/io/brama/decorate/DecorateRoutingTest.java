package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.fixtures.Stages;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule D1: which methods of a decorated interface run through call, callAsync, or straight
 * through.
 */
class DecorateRoutingTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  // ---- fixtures ----

  public interface Service {
    @CircuitBreaker("sync")
    String get(String key) throws IOException;

    @CircuitBreaker("future")
    CompletableFuture<String> fetch(String key);

    @CircuitBreaker("stage")
    CompletionStage<String> stage(String key);

    String plain(String key) throws IOException;

    @CircuitBreaker("annotatedDefault")
    default String annotatedDefault() {
      return "annotated default";
    }
  }

  static class ServiceImpl implements Service {
    final AtomicInteger calls = new AtomicInteger();
    RuntimeException next;
    CompletableFuture<String> pending = new CompletableFuture<>();

    @Override
    public String get(String key) {
      calls.incrementAndGet();
      if (next != null) {
        throw next;
      }
      return "got " + key;
    }

    @Override
    public CompletableFuture<String> fetch(String key) {
      calls.incrementAndGet();
      return pending;
    }

    @Override
    public CompletionStage<String> stage(String key) {
      calls.incrementAndGet();
      return pending;
    }

    @Override
    public String plain(String key) throws IOException {
      calls.incrementAndGet();
      if (key.equals("io")) {
        throw new IOException("plain failed");
      }
      return "plain " + key;
    }

    @Override
    public boolean equals(Object o) {
      return "equal to me".equals(o);
    }

    @Override
    public int hashCode() {
      return 4242;
    }

    @Override
    public String toString() {
      return "ServiceImpl!";
    }
  }

  @CircuitBreaker("typed")
  public interface Typed {
    String covered();

    @CircuitBreaker("own")
    String ownAnnotation();

    default String defaultMethod() {
      return "default:" + covered();
    }

    @Override
    String toString();
  }

  static class TypedImpl implements Typed {
    final AtomicInteger covered = new AtomicInteger();

    @Override
    public String covered() {
      covered.incrementAndGet();
      return "covered";
    }

    @Override
    public String ownAnnotation() {
      return "own";
    }

    @Override
    public String toString() {
      return "TypedImpl!";
    }
  }

  public interface Repository<T, K> {
    @CircuitBreaker("repo")
    T find(K key) throws IOException;

    @CircuitBreaker("repo")
    CompletableFuture<List<T>> findAll();

    @CircuitBreaker("repo")
    <R> R query(Function<? super T, R> f);
  }

  public interface UserRepository extends Repository<String, Integer> {
    @CircuitBreaker("users")
    String rename(String name);
  }

  static class UserRepositoryImpl implements UserRepository {
    final AtomicInteger finds = new AtomicInteger();
    IOException next;

    @Override
    public String find(Integer key) throws IOException {
      finds.incrementAndGet();
      if (next != null) {
        throw next;
      }
      return "user" + key;
    }

    @Override
    public CompletableFuture<List<String>> findAll() {
      return CompletableFuture.completedFuture(List.of("user1", "user2"));
    }

    @Override
    public <R> R query(Function<? super String, R> f) {
      return f.apply("user7");
    }

    @Override
    public String rename(String name) {
      return name.toUpperCase();
    }
  }

  @CircuitBreaker("base")
  public interface Base {
    String ping();
  }

  public interface Derived extends Base {
    @CircuitBreaker("derived")
    String pong();

    String unannotated();
  }

  static class DerivedImpl implements Derived {
    @Override
    public String ping() {
      return "ping";
    }

    @Override
    public String pong() {
      return "pong";
    }

    @Override
    public String unannotated() {
      return "unannotated";
    }
  }

  // ---- sync ----

  @Test
  void annotatedSyncMethodRecordsSuccessAndFailureOnItsCircuit() throws Exception {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);

    assertThat(service.get("k")).isEqualTo("got k");
    assertThat(brama.status("sync").lastSuccessAt()).isEqualTo(clock.instant());

    IllegalStateException boom = new IllegalStateException("boom");
    target.next = boom;
    assertThatThrownBy(() -> service.get("k")).isSameAs(boom);
    ConnectionStatus status = brama.status("sync");
    assertThat(status.failureCount()).isEqualTo(1);
    assertThat(status.lastFailureReason()).isSameAs(boom);
    assertThat(brama.status("future").failureCount()).isZero();
  }

  @Test
  void annotatedSyncMethodIsRejectedOnceItsCircuitOpensAndTheTargetIsNotCalled() {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);
    target.next = new IllegalStateException("down");
    for (int i = 0; i < Support.MAX_ATTEMPTS; i++) {
      assertThatThrownBy(() -> service.get("k")).isSameAs(target.next);
    }
    assertThat(brama.status("sync").state()).isEqualTo(CircuitState.OPEN);
    int before = target.calls.get();

    assertThatThrownBy(() -> service.get("k")).isInstanceOf(CircuitOpenException.class);
    assertThat(target.calls.get()).isEqualTo(before);
  }

  @Test
  void aHalfOpenTrialThroughTheProxyClosesTheCircuit() throws Exception {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);
    brama.open("sync");
    clock.advance(Support.EXPIRY);
    assertThat(brama.status("sync").state()).isEqualTo(CircuitState.HALF_OPEN);

    assertThat(service.get("trial")).isEqualTo("got trial");

    assertThat(brama.status("sync").state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- async ----

  @Test
  void completableFutureMethodIsRecordedWhenTheFutureCompletesNotWhenItIsReturned() {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);

    CompletableFuture<String> f = service.fetch("k");

    assertThat(f).isNotDone();
    assertThat(brama.status("future").lastSuccessAt()).isNull();
    assertThat(brama.status("future").lastFailureAt()).isNull();

    IllegalStateException boom = new IllegalStateException("async boom");
    target.pending.completeExceptionally(boom);

    assertThat(Stages.failureOf(f)).isSameAs(boom);
    assertThat(brama.status("future").failureCount()).isEqualTo(1);
    assertThat(brama.status("future").lastFailureReason()).isSameAs(boom);
  }

  @Test
  void completableFutureMethodSucceedsWithTheTargetsValue() {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);

    CompletableFuture<String> f = service.fetch("k");
    target.pending.complete("value");

    assertThat(f.join()).isEqualTo("value");
    assertThat(brama.status("future").lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void completionStageMethodRunsThroughCallAsync() {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);

    CompletionStage<String> s = service.stage("k");
    assertThat(brama.status("stage").lastSuccessAt()).isNull();
    IllegalStateException boom = new IllegalStateException("stage boom");
    target.pending.completeExceptionally(boom);

    assertThat(Stages.failureOf(s)).isSameAs(boom);
    assertThat(brama.status("stage").failureCount()).isEqualTo(1);

    ServiceImpl second = new ServiceImpl();
    Service other = brama.decorate(Service.class, second);
    CompletionStage<String> ok = other.stage("k");
    second.pending.complete("fine");
    assertThat(ok.toCompletableFuture().join()).isEqualTo("fine");
    assertThat(brama.status("stage").lastSuccessAt()).isEqualTo(clock.instant());
  }

  // ---- pass-through ----

  @Test
  void unannotatedMethodPassesStraightThroughEvenWhenEveryCircuitIsOpen() throws Exception {
    ServiceImpl target = new ServiceImpl();
    Service service = brama.decorate(Service.class, target);
    for (String id : List.of("sync", "future", "stage", "annotatedDefault")) {
      brama.open(id);
    }
    List<ConnectionStatus> before = brama.statuses();

    assertThat(service.plain("x")).isEqualTo("plain x");
    assertThatThrownBy(() -> service.plain("io")).isInstanceOf(IOException.class)
        .hasMessage("plain failed");

    assertThat(brama.statuses()).isEqualTo(before);
  }

  @Test
  void defaultMethodWithItsOwnAnnotationRunsThroughItsCircuit() {
    Service service = brama.decorate(Service.class, new ServiceImpl());
    assertThat(service.annotatedDefault()).isEqualTo("annotated default");
    assertThat(brama.status("annotatedDefault").lastSuccessAt()).isEqualTo(clock.instant());

    brama.open("annotatedDefault");
    assertThatThrownBy(service::annotatedDefault).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void equalsHashCodeAndToStringGoToTheTargetWithoutTouchingAnyCircuit() {
    Service service = brama.decorate(Service.class, new ServiceImpl());
    for (String id : List.of("sync", "future", "stage", "annotatedDefault")) {
      brama.open(id);
    }
    List<ConnectionStatus> before = brama.statuses();

    assertThat(service.equals("equal to me")).isTrue();
    assertThat(service.equals("something else")).isFalse();
    assertThat(service.hashCode()).isEqualTo(4242);
    assertThat(service.toString()).isEqualTo("ServiceImpl!");

    assertThat(brama.statuses()).isEqualTo(before);
  }

  @Test
  void typeLevelAnnotationCoversAbstractMethods() {
    TypedImpl target = new TypedImpl();
    Typed typed = brama.decorate(Typed.class, target);

    assertThat(typed.covered()).isEqualTo("covered");
    assertThat(brama.status("typed").lastSuccessAt()).isEqualTo(clock.instant());

    brama.open("typed");
    assertThatThrownBy(typed::covered).isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).connection()).isEqualTo("typed"));
  }

  @Test
  void aMethodsOwnAnnotationWinsOverTheTypeLevelOne() {
    Typed typed = brama.decorate(Typed.class, new TypedImpl());
    brama.open("typed");
    assertThat(typed.ownAnnotation()).isEqualTo("own");
    assertThat(brama.status("own").lastSuccessAt()).isEqualTo(clock.instant());

    brama.open("own");
    assertThatThrownBy(typed::ownAnnotation).isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).connection()).isEqualTo("own"));
  }

  @Test
  void typeLevelAnnotationDoesNotCoverDefaultMethodsNorToString() {
    TypedImpl target = new TypedImpl();
    Typed typed = brama.decorate(Typed.class, target);
    brama.open("typed");
    ConnectionStatus before = brama.status("typed");

    assertThat(typed.defaultMethod()).isEqualTo("default:covered");
    assertThat(typed.toString()).isEqualTo("TypedImpl!");

    assertThat(target.covered.get()).isEqualTo(1);
    assertThat(brama.status("typed")).isEqualTo(before);
  }

  @Test
  void defaultMethodWithoutOwnAnnotationDoesNotRecordOnAClosedCircuit() {
    Typed typed = brama.decorate(Typed.class, new TypedImpl());

    typed.defaultMethod();

    assertThat(brama.status("typed").lastSuccessAt()).isNull();
  }

  // ---- generics and inheritance ----

  @Test
  @SuppressWarnings("unchecked")
  void genericInterfaceDecoratedThroughItsRawClass() throws Exception {
    UserRepositoryImpl target = new UserRepositoryImpl();
    Repository<String, Integer> repo = brama.decorate(Repository.class, target);

    assertThat(repo.find(3)).isEqualTo("user3");
    assertThat(repo.findAll().join()).containsExactly("user1", "user2");
    assertThat(repo.<Integer>query(String::length)).isEqualTo(5);
    assertThat(brama.status("repo").lastSuccessAt()).isEqualTo(clock.instant());

    IOException io = new IOException("disk");
    target.next = io;
    assertThatThrownBy(() -> repo.find(1)).isSameAs(io);
    assertThatThrownBy(() -> repo.find(1)).isSameAs(io);
    assertThat(brama.status("repo").state()).isEqualTo(CircuitState.OPEN);
    assertThatThrownBy(() -> repo.find(1)).isInstanceOf(CircuitOpenException.class);
    assertThat(Stages.failureOf(repo.findAll())).isInstanceOf(CircuitOpenException.class);
    assertThat(target.finds.get()).isEqualTo(3);
  }

  @Test
  void methodsInheritedFromAGenericSuperInterfaceRunThroughTheirCircuits() throws Exception {
    UserRepositoryImpl target = new UserRepositoryImpl();
    UserRepository repo = brama.decorate(UserRepository.class, target);

    assertThat(repo.find(9)).isEqualTo("user9");
    assertThat(repo.rename("bob")).isEqualTo("BOB");
    assertThat(brama.status("repo").lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(brama.status("users").lastSuccessAt()).isEqualTo(clock.instant());

    brama.open("repo");
    assertThatThrownBy(() -> repo.find(9)).isInstanceOf(CircuitOpenException.class);
    assertThat(repo.rename("eve")).isEqualTo("EVE");
  }

  @Test
  void superInterfaceTypeLevelAnnotationCoversItsInheritedAbstractMethods() {
    Derived derived = brama.decorate(Derived.class, new DerivedImpl());
    brama.open("base");

    assertThatThrownBy(derived::ping).isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).connection()).isEqualTo("base"));
    assertThat(derived.pong()).isEqualTo("pong");
    assertThat(brama.status("derived").lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(derived.unannotated()).isEqualTo("unannotated");
  }
}
