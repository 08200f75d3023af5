package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Redis misbehaving under a fleet, as a hostile operator would make it (issue 26): scripts
 * flushed, scripts forbidden, garbage on the channel, the subscriber killed, the server asleep,
 * keys evicted, two configurations on one namespace, a failover. Real redis-server processes.
 */
class HostileRedisTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(5);
  private static final String ID = "payment_api";
  private static final BramaConfig THREE = BramaConfig.builder().maxAttempts(3)
      .expiry(Duration.ofSeconds(30)).build();

  private static Fleets fleet(String uri, int n) {
    Fleets fleet = new Fleets(uri, n, THREE, Duration.ofSeconds(5)).register(ID);
    await().atMost(WAIT).until(fleet::allConnected);
    return fleet;
  }

  @Test
  void scriptFlushBetweenCallsIsInvisible() throws Exception {
    try (Fleets fleet = fleet(redis.uri(), 2); LogLines log = new LogLines()) {
      for (int round = 0; round < 5; round++) {
        assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
        fleet.get(round % 2).open(ID, "after a flush, round " + round);
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
        assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
        fleet.get((round + 1) % 2).reset(ID, "after a flush, round " + round);
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED));
      }
      assertThat(redis.command("SCRIPT FLUSH")).isEqualTo("+OK");
      fleet.get(0).failure(ID, "one");
      fleet.get(1).failure(ID, "two");
      fleet.get(0).failure(ID, "three: the fleet's count");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      assertThat(new InStep(redis, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
      assertThat(log.containing("failed")).isEmpty();
      assertThat(fleet.allConnected()).isTrue();
    }
  }

  @Test
  void anAclUserWithoutScriptsLogsOnceTellsEveryConnectionAndBreaksLocally() throws Exception {
    assertThat(redis.command("ACL SETUSER noscripts on >pw ~* &* +@all -@scripting"))
        .isEqualTo("+OK");
    String uri = redis.uri().replace("redis://", "redis://noscripts:pw@");
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    try (LogLines log = new LogLines();
        Fleets fleet = new Fleets(uri, List.of(THREE, THREE), Duration.ofSeconds(5),
            Duration.ofSeconds(1))) {
      Brama a = fleet.get(0);
      a.subscribe(EventFilter.of(EventType.SHARED_STATE), events::add);
      await().atMost(WAIT).until(fleet::allConnected);
      fleet.register(ID); // its first read is refused
      for (int round = 0; round < 20; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
          a.failure(ID, "round " + round);
        }
        assertThat(a.status(ID).state()).as("its own count breaks it").isEqualTo(CircuitState.OPEN);
        a.reset(ID, "round " + round);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
      }
      assertThat(fleet.get(1).status(ID).state()).isEqualTo(CircuitState.CLOSED);
      await().atMost(WAIT).until(() -> !log.containing("NOPERM").isEmpty() && !events.isEmpty());
      // one line per instance, however many calls were refused
      assertThat(log.containing("NOPERM")).as(String.join("\n", log.all())).hasSize(2);
      assertThat(events).extracting(e -> String.valueOf(e.reason()))
          .anySatisfy(r -> assertThat(r).contains("NOPERM"));
      assertThat(events).hasSize(1);
      assertThat(log.all()).noneMatch(l -> l.contains(":pw@")).isNotEmpty();
    }
  }

  @Test
  void garbageVersionsAndHugeMessagesChangeNothingAndAreLoggedOncePerKind() throws Exception {
    try (LogLines log = new LogLines(); Fleets fleet = fleet(redis.uri(), 2);
        RedisServer.Connection publisher = redis.connect()) {
      String channel = fleet.namespace + ":events";
      long future = System.currentTimeMillis() + Duration.ofDays(3650).toMillis();
      List<String> garbage = List.of("", "hello", "v2 open 1 2 3 x " + ID, "close x y " + ID,
          "open 1 2 3", "open " + future + " " + future + " " + future + " instance-0 " + ID,
          "close " + future + " instance-1 " + ID, "x".repeat(1_000_000));
      for (int i = 0; i < 50; i++) {
        for (String g : garbage) {
          assertThat(publisher.publish(channel, g)).as("subscribers").isEqualTo(2);
        }
      }
      fleet.get(0).open(ID, "after the garbage");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      fleet.get(1).reset(ID, "and back");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED));
      assertThat(new InStep(redis, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
      List<String> ignored = log.containing("ignoring");
      // per instance: one line for text that is not Brama's, one for a malformed message, one for
      // an implausible version
      assertThat(ignored).as(String.join("\n", ignored)).hasSize(6);
      assertThat(ignored).allSatisfy(l -> assertThat(l.length()).isLessThan(500));
    }
  }

  @Test
  void aKilledSubscriberResubscribesAndConvergesWithinTheResyncPeriod() throws Exception {
    try (Fleets fleet = fleet(redis.uri(), 2)) {
      String channel = fleet.namespace + ":events";
      assertThat(killClient("pubsub", "instance-1")).isTrue();
      fleet.get(0).open(ID, "while instance-1 has no subscription");
      await().atMost(Duration.ofSeconds(6)).pollInterval(POLL)
          .until(() -> fleet.all(ID, CircuitState.OPEN));
      await().atMost(WAIT).until(() -> redis.command("PUBSUB NUMSUB " + channel) != null
          && numsub(channel) == 2);
      long start = System.nanoTime();
      fleet.get(0).reset(ID, "heard through the new subscription");
      await().atMost(Duration.ofSeconds(1)).pollInterval(POLL)
          .until(() -> fleet.all(ID, CircuitState.CLOSED));
      System.out.printf("after the subscriber was killed: a reset reached it in %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      assertThat(new InStep(redis, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
    }
  }

  @Test
  void debugSleepLongerThanTheCommandTimeoutBlocksNoCaller() throws Exception {
    Duration timeout = Duration.ofMillis(200);
    try (RedisServer sleepy = RedisServer.start("--enable-debug-command", "yes");
        Fleets fleet = new Fleets(sleepy.uri(), List.of(THREE, THREE), Duration.ofSeconds(5),
            timeout).register(ID)) {
      await().atMost(WAIT).until(fleet::allConnected);
      Brama a = fleet.get(0);
      CompletableFuture<String> asleep = CompletableFuture.supplyAsync(
          () -> sleepy.command("DEBUG SLEEP 1.5"));
      long worst = 0;
      int calls = 0;
      boolean sawDown = false;
      while (!asleep.isDone()) { // from before the sleep to its end
        long start = System.nanoTime();
        a.failure(ID, "asleep");
        a.success(ID);
        a.available(ID);
        a.open(ID, "asleep");
        a.reset(ID, "asleep");
        worst = Math.max(worst, System.nanoTime() - start);
        calls += 5;
        sawDown |= !fleet.sharing.get(0).isConnected();
      }
      assertThat(asleep.get()).isEqualTo("+OK");
      System.out.printf("DEBUG SLEEP 1.5 s, command timeout %d ms: %d calls, the slowest five "
          + "took %.3f ms%n", timeout.toMillis(), calls, worst / 1e6);
      assertThat(sawDown).as("the commands timed out").isTrue();
      assertThat(Duration.ofNanos(worst)).isLessThan(timeout);
      await().atMost(WAIT).until(fleet::allConnected);
      fleet.get(1).open(ID, "awake");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      assertThat(new InStep(sleepy, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
    }
  }

  /**
   * Each instance opens the fleet when the shared count reaches its own {@code maxAttempts}: the
   * lowest among the instances that fail wins, and the fleet opens once, without flapping.
   */
  @Test
  void twoMaxAttemptsOnOneNamespaceOpenAtTheLowestOfTheFailingInstancesWithoutFlapping() {
    BramaConfig two = BramaConfig.builder().maxAttempts(2).expiry(Duration.ofSeconds(30)).build();
    BramaConfig five = BramaConfig.builder().maxAttempts(5).expiry(Duration.ofSeconds(30)).build();
    try (Fleets fleet = new Fleets(redis.uri(), List.of(two, five), Duration.ofSeconds(5),
        Duration.ofSeconds(1)).register(ID)) {
      await().atMost(WAIT).until(fleet::allConnected);
      List<BramaEvent> changes = new CopyOnWriteArrayList<>();
      fleet.instances.forEach(b -> b.subscribe(EventFilter.of(EventType.STATE_CHANGE),
          changes::add));
      Brama lenient = fleet.get(1);
      String failures = fleet.namespace + ":{" + ID + "}:failures";
      for (int i = 1; i <= 3; i++) {
        lenient.failure(ID, "lenient " + i);
        int n = i;
        await().atMost(WAIT).pollInterval(POLL)
            .until(() -> String.valueOf(n).equals(redis.command("GET " + failures)));
      }
      assertThat(fleet.all(ID, CircuitState.CLOSED)).as("3 < 5, and the strict one saw none")
          .isTrue();
      fleet.get(0).failure(ID, "strict: the count is 4 >= 2");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
          .until(() -> fleet.all(ID, CircuitState.OPEN));
      assertThat(changes).as("one change per instance").hasSize(2);

      fleet.get(0).reset(ID, "again, the lenient one alone");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED));
      for (int i = 1; i <= 4; i++) {
        lenient.failure(ID, "lenient alone " + i);
      }
      await().during(Duration.ofMillis(200)).atMost(WAIT).pollInterval(POLL)
          .until(() -> fleet.all(ID, CircuitState.CLOSED));
      lenient.failure(ID, "lenient alone 5");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
    }
  }

  /**
   * Memory pressure evicts the reset's key while an instance is cut off with an open it decided
   * before that reset. When it is back, Redis accepts its open on the empty key; that must not
   * undo the reset: the open keeps the version of its decision, older than the reset's, and the
   * instances that saw the reset write it back.
   */
  @Test
  void anEvictedResetIsNotUndoneByAStaleOpen() throws Exception {
    try (RedisServer small = RedisServer.start("--maxmemory-policy", "allkeys-lru");
        Fleets fleet = new Fleets(small.uri(), List.of(THREE, THREE), Duration.ofSeconds(5),
            Duration.ofSeconds(1)).register(ID);
        CuttableProxy proxy = new CuttableProxy(small.port());
        Brama cutOff = Brama.builder().config(THREE).build()) {
      await().atMost(WAIT).until(fleet::allConnected);
      cutOff.register(ID);
      RedisSharing sharing = RedisSharing.attach(cutOff, RedisSharingConfig.builder(proxy.uri())
          .namespace(fleet.namespace).instanceId("cut-off")
          .recoveryInterval(Duration.ofMillis(100)).build());
      String state = fleet.namespace + ":{" + ID + "}:state";
      try {
        await().atMost(WAIT).until(sharing::isConnected);
        proxy.cut();
        await().atMost(WAIT).until(() -> !sharing.isConnected());
        for (int i = 0; i < 3; i++) {
          cutOff.failure(ID, "seen only here, before the reset");
        }
        assertThat(cutOff.status(ID).state()).isEqualTo(CircuitState.OPEN);
        fleet.get(0).open(ID, "maintenance");
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
        fleet.get(1).reset(ID, "maintenance over");
        await().atMost(WAIT).pollInterval(POLL)
            .until(() -> "closed".equals(small.command("HGET " + state + " state")));

        evict(small, state);
        proxy.restore();

        await().atMost(WAIT).until(sharing::isConnected);
        await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED)
            && cutOff.status(ID).state() == CircuitState.CLOSED
            && "closed".equals(small.command("HGET " + state + " state")));
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
            .until(() -> fleet.all(ID, CircuitState.CLOSED)
                && cutOff.status(ID).state() == CircuitState.CLOSED);
      } finally {
        sharing.close();
      }
    }
  }

  /** Lowers maxmemory and writes filler until allkeys-lru evicted {@code key}; then lifts it. */
  private static void evict(RedisServer server, String key) {
    String info = server.command("INFO memory");
    long used = info.lines().filter(l -> l.startsWith("used_memory:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst()
        .orElseThrow();
    assertThat(server.command("CONFIG SET maxmemory " + (used + 256 * 1024))).isEqualTo("+OK");
    String filler = "x".repeat(4096);
    for (int i = 0; i < 20_000 && ":1".equals(server.command("EXISTS " + key)); i++) {
      server.command("SET filler:" + i + " " + filler);
    }
    assertThat(server.command("EXISTS " + key)).as("evicted").isEqualTo(":0");
    assertThat(server.command("CONFIG SET maxmemory 0")).isEqualTo("+OK");
  }

  /**
   * The primary dies; Sentinel promotes its replica. No caller waits, the shared state written
   * before the failover is on the new primary, and the fleet shares through it afterwards. Runs
   * Sentinel as {@code redis-server --sentinel} (what {@code redis-sentinel} runs) when the
   * {@code redis-sentinel} command itself is not installed.
   */
  @Test
  void aSentinelManagedPrimaryFailsOverWithoutLosingStateOrBlockingCallers() throws Exception {
    assumeTrue(onPath("redis-sentinel") || onPath("redis-server"),
        "neither redis-sentinel nor redis-server is installed: no Sentinel to run");
    try (RedisServer primary = RedisServer.start();
        RedisServer replica = RedisServer.start("--replicaof", "127.0.0.1",
            String.valueOf(primary.port()));
        Sentinel sentinel = Sentinel.watching(primary.port());
        Fleets fleet = new Fleets(sentinel.uri(), List.of(THREE, THREE), Duration.ofSeconds(5),
            Duration.ofMillis(200)).register(ID)) {
      await().atMost(WAIT).until(fleet::allConnected);
      String state = fleet.namespace + ":{" + ID + "}:state";
      fleet.get(0).open(ID, "before the failover");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN)
          && "open".equals(replica.command("HGET " + state + " state")));

      primary.stop();
      long worst = 0;
      Brama b = fleet.get(1);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!String.valueOf(replica.port()).equals(sentinel.primaryPort())
          && System.nanoTime() < deadline) {
        long start = System.nanoTime();
        b.available(ID);
        b.failure(ID, "during the failover");
        worst = Math.max(worst, System.nanoTime() - start);
      }
      assertThat(sentinel.primaryPort()).as("promoted").isEqualTo(String.valueOf(replica.port()));
      System.out.printf("Sentinel failover: the slowest call during it took %.3f ms%n",
          worst / 1e6);
      assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(200));
      assertThat(replica.command("HGET " + state + " state")).as("kept").isEqualTo("open");

      await().atMost(WAIT).until(fleet::allConnected);
      fleet.get(1).reset(ID, "after the failover");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.CLOSED)
          && "closed".equals(replica.command("HGET " + state + " state")));
      fleet.get(0).open(ID, "through the new primary");
      await().atMost(WAIT).pollInterval(POLL).until(() -> fleet.all(ID, CircuitState.OPEN));
      assertThat(new InStep(replica, fleet, ID).until(Duration.ofSeconds(1)).mismatch()).isNull();
    }
  }

  private static boolean onPath(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, command)));
  }

  private static long numsub(String channel) {
    try (RedisServer.Connection c = redis.connect()) {
      return c.numsub(channel);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** Kills the client of {@code type} (normal, pubsub) named {@code name}, server side. */
  private static boolean killClient(String type, String name) {
    String list = redis.command("CLIENT LIST TYPE " + type);
    for (String client : list.split("\n")) {
      if (client.contains(" name=" + name + " ")) {
        String id = client.substring(3, client.indexOf(' '));
        return ":1".equals(redis.command("CLIENT KILL ID " + id));
      }
    }
    return false;
  }
}
