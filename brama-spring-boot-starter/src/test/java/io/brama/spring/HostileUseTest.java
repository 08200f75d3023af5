package io.brama.spring;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaEvent;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.EventType;
import io.brama.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The starter attacked with real applications, as a hostile (or just unlucky) user would: contexts
 * closed and started again in one JVM, two at once, beans behind JDK proxies, {@code @Async}
 * methods, and a shutdown while calls are in flight. See docs/spring-boot.md, "Lifecycles and
 * proxies", for the rules these tests pin down.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileUseTest {
  private final List<ConfigurableApplicationContext> contexts = new CopyOnWriteArrayList<>();
  /**
   * Brama's own log records (System.Logger, through java.util.logging), kept here as well as
   * printed: Spring Boot unhooks its JUL bridge when a context closes, and these tests look at
   * what is logged after that.
   */
  private final java.util.logging.Logger bramaLog = java.util.logging.Logger.getLogger("io.brama");
  private final List<java.util.logging.LogRecord> logged = new CopyOnWriteArrayList<>();
  private final java.util.logging.Handler handler = new java.util.logging.Handler() {
    @Override
    public void publish(java.util.logging.LogRecord entry) {
      logged.add(entry);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @org.junit.jupiter.api.BeforeEach
  void captureBramaLog() {
    bramaLog.addHandler(handler);
  }

  /** The callers' own threads: the common pool may have one thread on a small machine. */
  private final java.util.concurrent.ExecutorService callers =
      java.util.concurrent.Executors.newFixedThreadPool(3);

  @AfterEach
  void closeContexts() {
    callers.shutdownNow();
    contexts.forEach(ConfigurableApplicationContext::close);
    bramaLog.removeHandler(handler);
  }

  /** The records logged with {@code text} in their message, or thrown with it. */
  private List<java.util.logging.LogRecord> logged(String text) {
    return logged.stream().filter(r -> String.valueOf(r.getMessage()).contains(text)
        || r.getThrown() != null && String.valueOf(r.getThrown()).contains(text)).toList();
  }

  private ConfigurableApplicationContext start(Class<?> app, String... properties) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(app)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off", "brama.max-attempts=2", "brama.expiry=1m",
            "brama.connections.[payment_api].type=http", "brama.events.per-call=true")
        .properties(properties)
        .run();
    contexts.add(context);
    return context;
  }

  /** Names of the live threads a Brama starts (timer, events, probes). */
  private static Set<String> bramaThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.startsWith("brama-")).collect(Collectors.toSet());
  }

  /** The object behind every layer of Spring AOP proxies. */
  private static Object ultimate(Object bean) throws Exception {
    Object target = bean;
    while (target instanceof org.springframework.aop.framework.Advised advised) {
      target = advised.getTargetSource().getTarget();
    }
    return target;
  }

  // ---- the beans ----

  /** A guarded client with a fallback, as most applications have. */
  public static class PaymentClient extends CircuitBreakerAopTest.PaymentClient {}

  /** Collects the Brama events its context publishes. */
  public static class EventLog {
    final List<BramaEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    public void on(BramaEvent event) {
      events.add(event);
    }

    List<BramaEvent> of(EventType type) {
      return events.stream().filter(e -> e.type() == type).toList();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class PaymentApp {
    @Bean
    PaymentClient paymentClient() {
      return new PaymentClient();
    }

    @Bean
    EventLog eventLog() {
      return new EventLog();
    }
  }

  private static PaymentClient target(PaymentClient proxy) throws Exception {
    return (PaymentClient) AopUtilsTarget.of(proxy);
  }

  private static void trip(PaymentClient client) throws Exception {
    target(client).down.set(true);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.pay("o")).isInstanceOf(IOException.class);
    }
  }

  // ---- 1. a context closed and started again in the same JVM ----

  @Test
  void aRestartedContextLeavesNoThreadNorListenerOfTheOldOneAndGuardsWithTheNewBrama()
      throws Exception {
    Set<String> before = bramaThreads();
    ConfigurableApplicationContext first = start(PaymentApp.class);
    Brama firstBrama = first.getBean(Brama.class);
    EventLog firstLog = first.getBean(EventLog.class);
    PaymentClient firstClient = first.getBean(PaymentClient.class);
    trip(firstClient);
    await().atMost(5, SECONDS).until(() -> firstLog.of(EventType.STATE_CHANGE).size() == 1);
    assertThat(bramaThreads()).isNotEmpty();

    first.close();
    assertThatThrownBy(() -> firstBrama.status("payment_api"))
        .isInstanceOf(IllegalStateException.class);
    await().atMost(5, SECONDS).untilAsserted(() -> assertThat(bramaThreads()).isEqualTo(before));
    int heardByFirst = firstLog.events.size();

    ConfigurableApplicationContext second = start(PaymentApp.class);
    Brama secondBrama = second.getBean(Brama.class);
    EventLog secondLog = second.getBean(EventLog.class);
    PaymentClient secondClient = second.getBean(PaymentClient.class);
    assertThat(secondBrama).isNotSameAs(firstBrama);
    assertThat(secondBrama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(secondClient.pay("o1")).isEqualTo("paid o1");
    trip(secondClient);
    assertThat(secondBrama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(secondClient.pay("o2")).isEqualTo("queued o2 for payment_api");
    await().atMost(5, SECONDS).until(() -> secondLog.of(EventType.STATE_CHANGE).size() == 1);
    assertThat(firstLog.events).hasSize(heardByFirst);

    second.close();
    await().atMost(5, SECONDS).untilAsserted(() -> assertThat(bramaThreads()).isEqualTo(before));
  }

  /** The guarded bean in a child context, the Brama in its parent (as Spring Cloud arranges). */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ChildBeans {
    @Bean
    PaymentClient paymentClient() {
      return new PaymentClient();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ParentApp {
    @Bean
    EventLog eventLog() {
      return new EventLog();
    }
  }

  @Test
  void aChildContextRefreshedAgainGuardsWithTheParentsBrama() throws Exception {
    SpringApplicationBuilder parentBuilder = new SpringApplicationBuilder(ParentApp.class)
        .web(WebApplicationType.NONE)
        .properties("spring.main.banner-mode=off", "brama.max-attempts=2", "brama.expiry=1m");
    ConfigurableApplicationContext parent = parentBuilder.run();
    contexts.add(parent);
    Brama brama = parent.getBean(Brama.class);
    for (int round = 0; round < 2; round++) {
      ConfigurableApplicationContext child = parentBuilder.child(ChildBeans.class)
          .web(WebApplicationType.NONE).run();
      PaymentClient client = child.getBean(PaymentClient.class);
      assertThat(AopUtils.isAopProxy(client)).isTrue();
      assertThat(child.getBean(Brama.class)).isSameAs(brama);
      brama.reset("payment_api", "round " + round);
      trip(client);
      assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
      assertThat(client.pay("o")).isEqualTo("queued o for payment_api");
      child.close();
      assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    }
  }

  // ---- 2. two contexts at once ----

  @Test
  void twoContextsAtOnceShareNothing() throws Exception {
    String[] jmx = {"spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=brama"};
    ConfigurableApplicationContext a = start(PaymentApp.class, jmx);
    ConfigurableApplicationContext b = start(PaymentApp.class, jmx);
    Brama bramaA = a.getBean(Brama.class);
    Brama bramaB = b.getBean(Brama.class);
    EventLog logA = a.getBean(EventLog.class);
    EventLog logB = b.getBean(EventLog.class);
    PaymentClient clientB = b.getBean(PaymentClient.class);
    assertThat(bramaA).isNotSameAs(bramaB);

    trip(a.getBean(PaymentClient.class));
    assertThat(bramaA.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(bramaB.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(clientB.pay("b1")).isEqualTo("paid b1");
    await().atMost(5, SECONDS).until(() -> logA.of(EventType.STATE_CHANGE).size() == 1);
    await().atMost(5, SECONDS).until(() -> logB.of(EventType.SUCCESS).size() == 1);
    assertThat(logB.of(EventType.FAILURE)).isEmpty();
    assertThat(logB.of(EventType.STATE_CHANGE)).isEmpty();
    assertThat(logA.of(EventType.SUCCESS)).isEmpty();

    assertThat(failures(a)).isEqualTo(2);
    assertThat(failures(b)).isZero();
    assertThat(a.getBean(BramaEndpoint.class).connection("payment_api").state())
        .isEqualTo("OPEN");
    assertThat(b.getBean(BramaEndpoint.class).connection("payment_api").state())
        .isEqualTo("CLOSED");

    a.close();
    assertThat(clientB.pay("b2")).isEqualTo("paid b2");
    trip(clientB);
    assertThat(bramaB.status("payment_api").state()).isEqualTo(CircuitState.OPEN);
    await().atMost(5, SECONDS).until(() -> logB.of(EventType.STATE_CHANGE).size() == 1);
  }

  private static double failures(ConfigurableApplicationContext context) {
    return context.getBean(MeterRegistry.class).get("brama.calls")
        .tag("connection", "payment_api").tag("outcome", "failure").functionCounter().count();
  }

  // ---- 3. JDK dynamic proxies ----

  /** The interface callers see; one method annotated here. */
  public interface Ledger {
    String post(String entry) throws IOException;

    @CircuitBreaker(value = "ledger_api", fallback = "held")
    String reverse(String entry) throws IOException;

    @CircuitBreaker("ledger_api")
    String balance(String account) throws IOException;
  }

  /**
   * Annotated on its own method ({@code post}), inherited from the interface ({@code reverse}),
   * and on both ({@code balance}); the fallback is on the class only.
   */
  public static class RemoteLedger implements Ledger {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger reached = new AtomicInteger();

    @Override
    @CircuitBreaker(value = "ledger_api", fallback = "held")
    public String post(String entry) throws IOException {
      return answer("posted " + entry);
    }

    @Override
    public String reverse(String entry) throws IOException {
      return answer("reversed " + entry);
    }

    @Override
    @CircuitBreaker("ledger_api")
    public String balance(String account) throws IOException {
      return answer("balance " + account);
    }

    private String answer(String text) throws IOException {
      reached.incrementAndGet();
      if (down.get()) {
        throw new IOException("ledger down");
      }
      return text;
    }

    public String held(String entry) {
      return "held " + entry;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class LedgerApp {
    @Bean
    RemoteLedger ledger() {
      return new RemoteLedger();
    }
  }

  /** Wraps the ledger in a JDK proxy of its own before Spring's auto-proxy creator sees it. */
  static class TracingProxies implements BeanPostProcessor, PriorityOrdered {
    static final AtomicInteger TRACED = new AtomicInteger();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (!(bean instanceof RemoteLedger)) {
        return bean;
      }
      ProxyFactory factory = new ProxyFactory(bean);
      factory.setInterfaces(Ledger.class);
      factory.addAdvice((MethodInterceptor) invocation -> {
        TRACED.incrementAndGet();
        return invocation.proceed();
      });
      factory.setFrozen(frozen());
      return factory.getProxy();
    }

    boolean frozen() {
      return false;
    }

    @Override
    public int getOrder() {
      return HIGHEST_PRECEDENCE;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TracedLedgerApp {
    @Bean
    static TracingProxies tracingProxies() {
      return new TracingProxies();
    }

    @Bean
    RemoteLedger ledger() {
      return new RemoteLedger();
    }
  }

  /** As {@link TracingProxies}, with a proxy that takes no more advice. */
  static class FrozenProxies extends TracingProxies {
    @Override
    boolean frozen() {
      return true;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class FrozenLedgerApp {
    @Bean
    static FrozenProxies frozenProxies() {
      return new FrozenProxies();
    }

    @Bean
    RemoteLedger ledger() {
      return new RemoteLedger();
    }
  }

  @Test
  void aFrozenJdkProxyTheCircuitBreakerCannotGoIntoFailsStartUp() {
    assertThatThrownBy(() -> start(FrozenLedgerApp.class))
        .hasStackTraceContaining("bean 'ledger'")
        .hasStackTraceContaining("a proxy is frozen");
  }

  @Test
  void aJdkProxiedBeanIsGuardedWhereverTheAnnotationIs() throws Exception {
    assertGuardedOncePerCall(start(LedgerApp.class, "spring.aop.proxy-target-class=false"));
  }

  @Test
  void aBeanWrappedInAJdkProxyBeforeSpringsProxyIsGuardedOncePerCall() throws Exception {
    TracingProxies.TRACED.set(0);
    ConfigurableApplicationContext context = start(TracedLedgerApp.class);
    assertGuardedOncePerCall(context);
    assertThat(TracingProxies.TRACED).hasPositiveValue();
  }

  private static void assertGuardedOncePerCall(ConfigurableApplicationContext context)
      throws Exception {
    Ledger ledger = context.getBean(Ledger.class);
    Brama brama = context.getBean(Brama.class);
    assertThat(Proxy.isProxyClass(ledger.getClass())).isTrue();
    RemoteLedger target = (RemoteLedger) ultimate(ledger);
    target.down.set(true);
    // each placement: one failing call is one failure, the fallback found on the class
    assertThatThrownBy(() -> ledger.post("e")).isInstanceOf(IOException.class);
    assertThat(brama.calls("ledger_api").failures()).isEqualTo(1);
    assertThatThrownBy(() -> ledger.balance("a")).isInstanceOf(IOException.class);
    assertThat(brama.calls("ledger_api").failures()).isEqualTo(2);
    assertThat(brama.status("ledger_api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(ledger.post("e")).isEqualTo("held e");
    assertThat(ledger.reverse("e")).isEqualTo("held e");
    assertThatThrownBy(() -> ledger.balance("a")).isInstanceOf(CircuitOpenException.class);
    assertThat(target.reached).hasValue(2);
    assertThat(brama.calls("ledger_api").rejected()).isEqualTo(3);
  }

  /** A method annotated on the class only, which no interface of the JDK proxy declares. */
  public static class Unreachable implements Ledger {
    @Override
    public String post(String entry) {
      return entry;
    }

    @Override
    public String reverse(String entry) {
      return entry;
    }

    @Override
    public String balance(String account) {
      return account;
    }

    public String held(String entry) {
      return entry;
    }

    @CircuitBreaker("ledger_api")
    public String audit(String entry) {
      return entry;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class UnreachableApp {
    @Bean
    Unreachable ledger() {
      return new Unreachable();
    }
  }

  @Test
  void anAnnotatedMethodNoProxiedInterfaceDeclaresFailsStartUp() {
    assertThatThrownBy(() -> start(UnreachableApp.class, "spring.aop.proxy-target-class=false"))
        .hasStackTraceContaining("bean 'ledger'")
        .hasStackTraceContaining(Unreachable.class.getName() + ".audit")
        .hasStackTraceContaining("JDK dynamic proxy");
  }

  // ---- 4. @Async ----

  /** Guarded asynchronous reports on a bounded executor. */
  public static class Reports {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger bodies = new AtomicInteger();

    @Async("reportExecutor")
    @CircuitBreaker("reports")
    public CompletableFuture<String> render(String id) {
      return CompletableFuture.completedFuture(body("report " + id));
    }

    @Async("reportExecutor")
    @CircuitBreaker("reports")
    public Future<String> legacy(String id) {
      return CompletableFuture.completedFuture(body("legacy " + id));
    }

    @Async("reportExecutor")
    @CircuitBreaker("reports")
    public void push(String id) {
      body(id);
    }

    private String body(String result) {
      bodies.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("renderer down");
      }
      return result;
    }
  }

  /** Occupies the report executor until released. */
  public static class Blocker {
    @Async("reportExecutor")
    public void hold(CountDownLatch started, CountDownLatch release) throws InterruptedException {
      started.countDown();
      release.await(10, SECONDS);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  static class AsyncApp {
    static final ManualClock CLOCK = new ManualClock();

    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK);
    }

    @Bean
    Reports reports() {
      return new Reports();
    }

    @Bean
    Blocker blocker() {
      return new Blocker();
    }

    @Bean
    ThreadPoolTaskExecutor reportExecutor() {
      ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
      executor.setCorePoolSize(1);
      executor.setMaxPoolSize(1);
      executor.setQueueCapacity(1);
      executor.setThreadNamePrefix("reports-");
      return executor;
    }
  }

  @Test
  void anAsyncMethodIsGuardedInsideItsTaskWithOneOutcomePerCall() throws Exception {
    ConfigurableApplicationContext context = start(AsyncApp.class);
    Reports reports = context.getBean(Reports.class);
    Brama brama = context.getBean(Brama.class);
    Reports target = (Reports) ultimate(reports);
    assertThat(reports.render("1").get(5, SECONDS)).isEqualTo("report 1");
    assertThat(reports.legacy("2").get(5, SECONDS)).isEqualTo("legacy 2");
    reports.push("3");
    await().atMost(5, SECONDS).until(() -> brama.calls("reports").successes() == 3);

    target.down.set(true);
    reports.push("4"); // a failure inside a void body is a failure
    await().atMost(5, SECONDS).until(() -> brama.calls("reports").failures() == 1);
    assertThatThrownBy(() -> reports.render("5").get(5, SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("renderer down");
    assertThat(brama.status("reports").state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.calls("reports").failures()).isEqualTo(2);
    int bodies = target.bodies.get();

    // open: no task runs a body; the refusal comes back through the future
    assertThatThrownBy(() -> reports.render("6").get(5, SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(CircuitOpenException.class);
    assertThatThrownBy(() -> reports.legacy("7").get(5, SECONDS))
        .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(CircuitOpenException.class);
    reports.push("8");
    await().atMost(5, SECONDS).until(() -> brama.calls("reports").rejected() == 3);
    assertThat(target.bodies).hasValue(bodies);
  }

  @Test
  void aTaskTheExecutorRejectsTakesNoTrialAndIsNoFailure() throws Exception {
    ConfigurableApplicationContext context = start(AsyncApp.class);
    Reports reports = context.getBean(Reports.class);
    Blocker blocker = context.getBean(Blocker.class);
    Brama brama = context.getBean(Brama.class);
    Reports target = (Reports) ultimate(reports);
    target.down.set(true);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> reports.render("x").get(5, SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    assertThat(brama.status("reports").state()).isEqualTo(CircuitState.OPEN);
    AsyncApp.CLOCK.advance(Duration.ofMinutes(2)); // HALF_OPEN: one trial
    target.down.set(false);

    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    blocker.hold(started, release); // the one thread
    assertThat(started.await(5, SECONDS)).isTrue();
    blocker.hold(new CountDownLatch(1), release); // the one queue slot
    assertThatThrownBy(() -> reports.render("rejected")).isInstanceOf(TaskRejectedException.class);
    assertThatThrownBy(() -> reports.push("rejected")).isInstanceOf(TaskRejectedException.class);
    release.countDown();
    ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
    await().atMost(5, SECONDS).until(() -> executor.getActiveCount() == 0
        && executor.getThreadPoolExecutor().getQueue().isEmpty());

    assertThat(brama.calls("reports").failures()).isEqualTo(2);
    assertThat(reports.render("trial").get(5, SECONDS)).isEqualTo("report trial");
    assertThat(brama.status("reports").state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- 5. shutdown with calls in flight ----

  /** Blocks inside the guarded method until the test lets it go. */
  public static class SlowClient {
    final CountDownLatch entered = new CountDownLatch(2);
    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<String> later = new CompletableFuture<>();

    @CircuitBreaker("slow_api")
    public String fetch() throws InterruptedException {
      entered.countDown();
      release.await(10, SECONDS);
      return "fetched";
    }

    @CircuitBreaker("slow_api")
    public String fail() throws InterruptedException, IOException {
      entered.countDown();
      release.await(10, SECONDS);
      throw new IOException("slow api down");
    }

    @CircuitBreaker("slow_api")
    public CompletableFuture<String> fetchLater() {
      return later;
    }
  }

  /** Makes a last guarded call when the context destroys it. */
  public static class Flusher implements org.springframework.beans.factory.DisposableBean {
    static final List<String> FLUSHED = new CopyOnWriteArrayList<>();
    private final PaymentClient client;

    Flusher(PaymentClient client) {
      this.client = client;
    }

    @Override
    public void destroy() throws IOException {
      FLUSHED.add(client.pay("flush"));
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class SlowApp {
    @Bean
    SlowClient slowClient() {
      return new SlowClient();
    }

    @Bean
    PaymentClient paymentClient() {
      return new PaymentClient();
    }

    @Bean
    Flusher flusher(PaymentClient client) {
      return new Flusher(client);
    }
  }

  @Test
  void aShutdownWithCallsInFlightNeitherWaitsForThemNorFailsThem(CapturedOutput output)
      throws Exception {
    Set<String> before = bramaThreads();
    Flusher.FLUSHED.clear();
    ConfigurableApplicationContext context = start(SlowApp.class);
    SlowClient client = context.getBean(SlowClient.class);
    SlowClient target = (SlowClient) ultimate(client);
    Brama brama = context.getBean(Brama.class);
    CompletableFuture<String> fetched = CompletableFuture.supplyAsync(() -> {
      try {
        return client.fetch();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, callers);
    CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> {
      try {
        return client.fail();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, callers);
    CompletableFuture<String> later = client.fetchLater();
    assertThat(target.entered.await(5, SECONDS)).isTrue();

    CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close, callers);
    closed.get(5, SECONDS); // the close does not wait for the calls in flight
    assertThatThrownBy(() -> brama.status("slow_api")).isInstanceOf(IllegalStateException.class);
    assertThat(Flusher.FLUSHED).containsExactly("paid flush"); // the Brama closed after its users

    target.release.countDown();
    target.later.complete("later");
    assertThat(fetched.get(5, SECONDS)).isEqualTo("fetched");
    assertThatThrownBy(() -> failed.get(5, SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThat(later.get(5, SECONDS)).isEqualTo("later");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(client::fetch).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(SlowClient.class.getName() + ".fetch()")
          .hasMessageContaining("the Brama is closed");
    }
    assertThatThrownBy(client::fetchLater).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SlowClient.class.getName() + ".fetchLater()");
    await().atMost(5, SECONDS).untilAsserted(() -> assertThat(bramaThreads()).isEqualTo(before));
    assertThat(logged("calls to @CircuitBreaker methods after the Brama closed")).hasSize(1);
    assertThat(logged("this Brama is closed")).isEmpty();
    assertThat(output.getAll()).doesNotContain("this Brama is closed");
  }

  /** Blocks on the Brama's event thread until released. */
  public static class SlowListener {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger heard = new AtomicInteger();

    @EventListener
    public void on(BramaEvent event) throws InterruptedException {
      heard.incrementAndGet();
      entered.countDown();
      release.await(10, SECONDS);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class SlowListenerApp {
    @Bean
    PaymentClient paymentClient() {
      return new PaymentClient();
    }

    @Bean
    SlowListener slowListener() {
      return new SlowListener();
    }
  }

  @Test
  void aListenerStuckOnTheEventThreadDelaysTheCloseByTheGraceOnly(CapturedOutput output)
      throws Exception {
    Set<String> before = bramaThreads();
    ConfigurableApplicationContext context = start(SlowListenerApp.class);
    PaymentClient client = context.getBean(PaymentClient.class);
    SlowListener listener = context.getBean(SlowListener.class);
    for (int i = 0; i < 20; i++) {
      client.pay("o" + i); // 20 SUCCESS events queue behind the stuck first one
    }
    assertThat(listener.entered.await(5, SECONDS)).isTrue();
    CompletableFuture.runAsync(context::close, callers).get(5, SECONDS);
    listener.release.countDown();
    await().atMost(5, SECONDS).untilAsserted(() -> assertThat(bramaThreads()).isEqualTo(before));
    assertThat(listener.heard).hasValue(1); // the queue went with the subscription
    assertThat(output.getAll()).doesNotContain("BeanCreationNotAllowedException")
        .doesNotContain("Singletons are in destruction");
    // the close interrupts the stuck listener: one line says so, and nothing else is logged
    assertThat(logged.stream().filter(r -> r.getThrown() != null)
        .map(r -> r.getLevel() + " " + r.getMessage() + " " + r.getThrown())).singleElement()
        .asString().startsWith("WARNING listener").contains(" threw on ")
        .contains("InterruptedException");
  }

  /** A post-processor that needs a guarded bean, so that bean is made before the proxy creator. */
  static class EarlyUser implements BeanPostProcessor, PriorityOrdered {
    EarlyUser(PaymentClient client) {
    }

    @Override
    public int getOrder() {
      return 0;
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class EarlyApp {
    @Bean
    static EarlyUser earlyUser(PaymentClient client) {
      return new EarlyUser(client);
    }

    @Bean
    static PaymentClient paymentClient() {
      return new PaymentClient();
    }
  }

  @Test
  void aGuardedBeanMadeBeforeTheProxyCreatorFailsStartUpInsteadOfGoingUnguarded() {
    assertThatThrownBy(() -> start(EarlyApp.class))
        .hasStackTraceContaining("bean 'paymentClient'")
        .hasStackTraceContaining("not proxied with Brama's advisor");
  }
}
