package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.redis.RedisServer;
import io.brama.redis.RedisSharing;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code brama.redis.*}: two applications on one real Redis share their circuits. */
class BramaRedisTest {
  private static RedisServer redis;
  private final String namespace = "spring" + UUID.randomUUID().toString().substring(0, 8);
  private final ApplicationContextRunner runner = Contexts.runner()
      .withPropertyValues("brama.metrics.enabled=false")
      .withInitializer(Contexts.yaml("""
          brama.connections:
            "[payment_api]": { max-attempts: 3 }
          """));

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private ApplicationContextRunner instance(String name) {
    return runner.withPropertyValues("brama.redis.uri=" + redis.uri(),
        "brama.redis.namespace=" + namespace, "brama.redis.instance-id=" + name,
        "brama.redis.command-timeout=1s");
  }

  @Test
  void twoApplicationsShareAnOpenAndAReset() {
    instance("a").run(a -> instance("b").run(b -> {
      Brama first = a.getBean(Brama.class);
      Brama second = b.getBean(Brama.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> a.getBean(RedisSharing.class)
          .isConnected() && b.getBean(RedisSharing.class).isConnected());

      first.open("payment_api", "maintenance");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> second.status("payment_api").state() == CircuitState.OPEN);
      second.reset("payment_api", "done");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> first.status("payment_api").state() == CircuitState.CLOSED);
    }));
  }

  @Test
  void withoutAUriOrWithoutBramaRedisNothingIsShared() {
    runner.run(context -> assertThat(context).doesNotHaveBean(RedisSharing.class));
    instance("c").withClassLoader(new FilteredClassLoader(RedisSharing.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RedisSharing.class));
  }

  @Test
  void aBadSettingFailsStartUpNamingIt() {
    instance("d").withPropertyValues("brama.redis.command-timeout=0s").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("brama.redis: commandTimeout must be > 0, was PT0S"));
  }
}
