package io.brama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.BramaConfig;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry table against a {@code HashMap} model (random registrations and removals through
 * growth, tombstones and clean-ups), and lookups that must never miss a registered id while other
 * ids come and go on another thread.
 */
class ConnectionTableTest {
  private final Engine engine = new Engine(BramaConfig.defaults(), new ManualClock(), null, 1024);
  private final ConnectionTable registry = new ConnectionTable();

  @AfterEach
  void close() {
    engine.close();
  }

  /** A connection object for {@code id} (registered in the engine, used here only as an entry). */
  private ConnectionCore core(String id) {
    return engine.registry().register(id, Registration.empty(), false);
  }

  @Test
  void followsAMapThroughGrowthTombstonesAndCleanUps() {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, ConnectionCore> model = new HashMap<>();
    List<ConnectionCore> pool = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      pool.add(core("c" + i));
    }
    for (int step = 0; step < 60_000; step++) {
      ConnectionCore c = pool.get(random.nextInt(pool.size()));
      // bias towards adding until ~2,000 entries, so the table grows, then churns
      if (random.nextInt(100) < (model.size() < 2_000 ? 70 : 45)) {
        ConnectionCore existing = registry.putIfAbsent(c);
        assertThat(existing).isSameAs(model.get(c.id()));
        model.putIfAbsent(c.id(), c);
      } else {
        assertThat(registry.remove(c)).isEqualTo(model.remove(c.id()) != null);
      }
      if (step % 1_000 == 0) {
        assertThat(registry.size()).isEqualTo(model.size());
        assertThat(registry.values()).containsExactlyInAnyOrderElementsOf(model.values());
      }
    }
    for (ConnectionCore c : pool) {
      assertThat(registry.get(c.id())).isSameAs(model.get(c.id()));
    }
    for (ConnectionCore c : pool) {
      registry.remove(c);
    }
    assertThat(registry.size()).isZero();
    assertThat(registry.values()).isEmpty();
    assertThat(registry.get("c1")).isNull();
  }

  @Test
  void findsAnIdByContentNotOnlyByReference() {
    ConnectionCore c = core("payment_api");
    registry.putIfAbsent(c);
    String sameContent = new String("payment_api".toCharArray());
    assertThat(sameContent).isNotSameAs(c.id());
    assertThat(registry.get(sameContent)).isSameAs(c);
    assertThat(registry.get("payment_apI")).isNull();
  }

  @Test
  void removesOnlyTheObjectItWasGiven() {
    ConnectionCore first = core("a");
    engine.registry().unregister("a");
    ConnectionCore second = core("a");
    registry.putIfAbsent(first);
    assertThat(registry.remove(second)).isFalse();
    assertThat(registry.get("a")).isSameAs(first);
    assertThat(registry.remove(first)).isTrue();
    assertThat(registry.putIfAbsent(second)).isNull();
    assertThat(registry.get("a")).isSameAs(second);
  }

  /** A reader must never miss "stay" while a writer adds and removes 500 other ids, over and over. */
  @Test
  void aLookupNeverMissesARegisteredIdWhileOthersComeAndGo() throws InterruptedException {
    ConnectionCore stay = core("stay");
    registry.putIfAbsent(stay);
    List<ConnectionCore> others = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      others.add(core("other-" + i));
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch readerStarted = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      readerStarted.countDown();
      long lookups = 0;
      while (!done.get() || lookups < 100_000) {
        if (registry.get("stay") != stay) {
          failure.set("missed after " + lookups + " lookups");
          return;
        }
        lookups++;
      }
    });
    reader.start();
    readerStarted.await();
    for (int round = 0; round < 200; round++) {
      for (ConnectionCore c : others) {
        registry.putIfAbsent(c);
      }
      for (ConnectionCore c : others) {
        registry.remove(c);
      }
    }
    done.set(true);
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(reader.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
    assertThat(registry.size()).isEqualTo(1);
  }
}
