package io.brama.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.CircuitState;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripts run on a real Redis, and {@link SharedStateCodec} reads what they published, returned
 * and stored: each message decodes to the state its script returned and encodes back to the very
 * text Lua wrote, so that the Lua and the Java sides of the format cannot drift apart.
 */
class ScriptWireFormatTest extends WithRedis {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration LEASE = Duration.ofMillis(1);

  private final BlockingQueue<String> published = new LinkedBlockingQueue<>();
  private RedisSharingConfig config;
  private RedisLink link;
  private FleetCommands scripts;

  @BeforeEach
  void connect() {
    config = config("wire-1", 0);
    link = new RedisLink(config, published::add, () -> { }, e -> { }, () -> { }, e -> { });
    link.start();
    await().atMost(WAIT).until(link::isUp); // subscribed before it answers
    scripts = new FleetCommands(config, link);
  }

  @AfterEach
  void close() {
    link.close();
  }

  private RedisSharingConfig config(String instance, int quorum) {
    String namespace = config == null ? "w" + UUID.randomUUID().toString().substring(0, 8)
        : config.namespace();
    return RedisSharingConfig.builder(redis.uri()).namespace(namespace).instanceId(instance)
        .leaseTimeout(LEASE).quorum(quorum).commandTimeout(Duration.ofSeconds(2)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "payment api {v2}", "zürich ☃ \"quoted\" 'x'", "a:b:{fleet}"})
  void whatTheScriptsPublishDecodesToTheStateTheyReturned(String id) throws Exception {
    SharedState failed = run(scripts.failure(id));
    assertThat(failed.result()).isEqualTo(1);
    assertNextMessage(Message.dirty(id));
    assertReplyIsTheHash(id, failed);

    assertThat(run(scripts.success(id)).result()).isEqualTo(1);
    assertNextMessage(Message.clean(id));

    SharedState opened = run(scripts.open(id, -1, Duration.ofSeconds(30)));
    assertThat(opened.result()).isEqualTo(1);
    assertThat(opened.until() - opened.redisNow()).isEqualTo(30_000);
    assertThat(opened.lease() - opened.until()).isEqualTo(LEASE.toMillis());
    assertNextMessage(Message.open(id, opened.version(), opened.until(), opened.lease(), "wire-1"));
    assertReplyIsTheHash(id, opened);

    assertThat(run(scripts.open(id, 0, Duration.ofSeconds(30))).result())
        .as("refused: the shared version is newer").isZero();
    SharedState closed = run(scripts.close(id, -1));
    assertThat(closed.result()).isEqualTo(1);
    assertThat(closed.version()).isGreaterThan(opened.version());
    assertNextMessage(Message.close(id, closed.version(), "wire-1")); // nothing from the refusal
    assertReplyIsTheHash(id, closed);
  }

  @Test
  void aQuorumOpenPublishesAnOpen() throws Exception {
    FleetCommands quorum = new FleetCommands(config("wire-1", 1), link);
    SharedState opened = run(quorum.quorumOpen("api", Duration.ofSeconds(30)));
    assertThat(opened.result()).isEqualTo(1);
    assertNextMessage(Message.open("api", opened.version(), opened.until(), opened.lease(),
        "wire-1"));
    assertReplyIsTheHash("api", opened);
  }

  @Test
  void aClaimPublishesAnOpenHeldByTheClaimant() throws Exception {
    SharedState opened = run(scripts.open("api", -1, Duration.ofMillis(1)));
    assertNextMessage(Message.open("api", opened.version(), opened.until(), opened.lease(),
        "wire-1"));
    FleetCommands other = new FleetCommands(config("wire-2", 0), link);

    SharedState[] claimed = new SharedState[1];
    await().atMost(WAIT).until(() -> (claimed[0] = run(other.claim("api"))).result() == 1);

    SharedState s = claimed[0];
    assertThat(s.holder()).isEqualTo("wire-2");
    assertNextMessage(Message.open("api", s.version(), s.until(), s.lease(), "wire-2"));
    assertReplyIsTheHash("api", s);
  }

  @Test
  void anAnnouncementReadsBackAsAnnounced() throws Exception {
    Keys keys = new Keys(config);
    Map<String, CircuitState> states = new LinkedHashMap<>();
    states.put("api", CircuitState.OPEN);
    states.put("payment api {v2}", CircuitState.HALF_OPEN);
    states.put("zürich", CircuitState.CLOSED);
    List<String> argv = new ArrayList<>(List.of("wire-1", "10000"));
    argv.addAll(SharedStateCodec.announcement(states));
    String[] roster = {keys.roster(), keys.instance("wire-1")};
    long now = this.<Long>run(link.evalOn(RosterScripts.ANNOUNCE, ScriptOutputType.INTEGER, roster,
        argv.toArray(String[]::new)));

    List<Object> hash = run(link.evalOn(RosterScripts.INSTANCE, ScriptOutputType.MULTI,
        new String[] {keys.instance("wire-1")}));
    FleetInstance instance = SharedStateCodec.instance("wire-1", hash);

    assertThat(instance.states()).isEqualTo(states);
    assertThat(instance.since().toEpochMilli()).isEqualTo(now);
    assertThat(instance.lastSeen().toEpochMilli()).isEqualTo(now);
  }

  /** The next message published decodes to {@code expected} and is its encoding, byte for byte. */
  private void assertNextMessage(Message expected) {
    await().atMost(WAIT).until(published::peek, Objects::nonNull);
    String text = published.poll();
    assertThat(SharedStateCodec.decode(text)).as("'%s'", text).contains(expected);
    assertThat(text).isEqualTo(SharedStateCodec.encode(expected));
  }

  /** The reply's state fields are the state hash's, field by field. */
  private void assertReplyIsTheHash(String id, SharedState s) throws Exception {
    List<String> h;
    try (RedisServer.Connection c = redis.connect()) {
      h = c.hmget(new Keys(config).state(id), "v", "state", "until", "holder", "lease", "by");
    }
    SharedState stored = new SharedState(number(h.get(0)), "open".equals(h.get(1)),
        number(h.get(2)), Objects.toString(h.get(3), ""), number(h.get(4)),
        Objects.toString(h.get(5), ""), s.redisNow(), s.result());
    assertThat(s).isEqualTo(stored);
  }

  private static long number(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }

  private <T> T run(CompletionStage<T> command) throws Exception {
    return command.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
