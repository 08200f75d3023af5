package io.brama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BramaConfig, ConnectionConfig and Registration: defaults, builders, value semantics. */
class ConfigTest {

  // ---- BramaConfigDefaults ----
  @Test
  void defaultsAreTenAttemptsSixtySecondsFixedTenSecondsCleanupOneTrial() {
    BramaConfig c = BramaConfig.defaults();

    assertThat(c.maxAttempts()).isEqualTo(10);
    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(60)));
    assertThat(c.cleanupInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.halfOpenTrials()).isEqualTo(1);
  }

  @Test
  void defaultExpiryStrategyIsFixedForEveryOpen() {
    ExpiryStrategy s = BramaConfig.defaults().expiryStrategy();

    assertThat(s.expiryAfter(1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.expiryAfter(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.expiryAfter(50)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void emptyBuilderEqualsDefaults() {
    assertThat(BramaConfig.builder().build()).isEqualTo(BramaConfig.defaults());
    assertThat(BramaConfig.builder().build().hashCode())
        .isEqualTo(BramaConfig.defaults().hashCode());
  }

  @Test
  void bramaUsesTheDefaultsForNewConnections() {
    ManualClock clock = new ManualClock();
    try (Brama brama = Brama.builder().clock(clock).build()) {
      brama.register("a");
      ConnectionStatus s = brama.status("a");
      assertThat(s.maxAttempts()).isEqualTo(10);
      assertThat(s.state()).isEqualTo(CircuitState.CLOSED);

      brama.open("a");
      assertThat(brama.status("a").halfOpensAt())
          .isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofSeconds(60)));
    }
  }

  // ---- BramaConfigBuilder ----
  @Test
  void bramaConfigKeepsEverySetter() {
    ExpiryStrategy progressive =
        ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0);
    BramaConfig c = BramaConfig.builder()
        .maxAttempts(3)
        .expiryStrategy(progressive)
        .cleanupInterval(Duration.ofMillis(250))
        .halfOpenTrials(4)
        .build();

    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.expiryStrategy()).isSameAs(progressive);
    assertThat(c.cleanupInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.halfOpenTrials()).isEqualTo(4);
  }

  @Test
  void bramaConfigExpiryIsShorthandForFixedStrategy() {
    BramaConfig c = BramaConfig.builder().expiry(Duration.ofSeconds(7)).build();

    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(7)));
    assertThat(c.expiryStrategy().expiryAfter(3)).isEqualTo(Duration.ofSeconds(7));
    assertThat(c).isEqualTo(
        BramaConfig.builder().expiryStrategy(ExpiryStrategy.fixed(Duration.ofSeconds(7))).build());
  }

  @Test
  void expiryIsTheStrategysFirstOpen() {
    BramaConfig c = BramaConfig.builder()
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0))
        .build();

    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.expiry()).isEqualTo(c.expiryStrategy().expiryAfter(1));
  }

  @Test
  void expiryAsksTheCustomStrategyForOpenNumberOne() {
    ExpiryStrategy custom = n -> Duration.ofSeconds(100L * n);
    BramaConfig c = BramaConfig.builder().expiryStrategy(custom).build();

    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void laterSetterWins() {
    BramaConfig c = BramaConfig.builder()
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 2.0))
        .expiry(Duration.ofSeconds(30))
        .maxAttempts(2)
        .maxAttempts(5)
        .build();

    assertThat(c.expiryStrategy()).isEqualTo(ExpiryStrategy.fixed(Duration.ofSeconds(30)));
    assertThat(c.maxAttempts()).isEqualTo(5);
  }

  @Test
  void minimumValuesAreAccepted() {
    BramaConfig c = BramaConfig.builder()
        .maxAttempts(1)
        .halfOpenTrials(1)
        .expiry(Duration.ofNanos(1))
        .cleanupInterval(Duration.ofNanos(1))
        .build();

    assertThat(c.maxAttempts()).isEqualTo(1);
    assertThat(c.halfOpenTrials()).isEqualTo(1);
    assertThat(c.expiry()).isEqualTo(Duration.ofNanos(1));
    assertThat(c.cleanupInterval()).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void builderCanBeReusedAndBuiltConfigsAreIndependent() {
    BramaConfig.Builder b = BramaConfig.builder().maxAttempts(3);
    BramaConfig first = b.build();
    BramaConfig second = b.maxAttempts(7).build();

    assertThat(first.maxAttempts()).isEqualTo(3);
    assertThat(second.maxAttempts()).isEqualTo(7);
  }

  @Test
  void toBuilderCopiesEveryValue() {
    BramaConfig original = BramaConfig.builder()
        .maxAttempts(3)
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ofSeconds(8), 3.0))
        .cleanupInterval(Duration.ofSeconds(2))
        .halfOpenTrials(2)
        .build();

    BramaConfig copy = original.toBuilder().build();

    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(copy.maxAttempts()).isEqualTo(3);
    assertThat(copy.expiryStrategy()).isEqualTo(original.expiryStrategy());
    assertThat(copy.cleanupInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(copy.halfOpenTrials()).isEqualTo(2);
  }

  @Test
  void toBuilderChangesOnlyWhatIsSetAndLeavesTheOriginalAlone() {
    BramaConfig original = BramaConfig.builder().maxAttempts(3).halfOpenTrials(2).build();

    BramaConfig changed = original.toBuilder().halfOpenTrials(5).build();

    assertThat(changed.halfOpenTrials()).isEqualTo(5);
    assertThat(changed.maxAttempts()).isEqualTo(3);
    assertThat(changed.expiry()).isEqualTo(Duration.ofSeconds(60));
    assertThat(original.halfOpenTrials()).isEqualTo(2);
    assertThat(changed).isNotEqualTo(original);
  }

  // ---- BramaConfigEquality ----
  private final BramaConfig base = BramaConfig.builder()
      .maxAttempts(4).expiry(Duration.ofSeconds(9)).cleanupInterval(Duration.ofSeconds(3))
      .halfOpenTrials(2).build();

  @Test
  void equalValuesAreEqualWithEqualHashCodes() {
    BramaConfig same = BramaConfig.builder()
        .maxAttempts(4).expiry(Duration.ofSeconds(9)).cleanupInterval(Duration.ofSeconds(3))
        .halfOpenTrials(2).build();

    assertThat(same).isEqualTo(base).hasSameHashCodeAs(base);
    assertThat(base).isEqualTo(base);
    assertThat(base).isNotEqualTo(null);
    assertThat(base).isNotEqualTo("BramaConfig");
  }

  @Test
  void eachValueTakesPartInEquality() {
    assertThat(base.toBuilder().maxAttempts(5).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().expiry(Duration.ofSeconds(10)).build()).isNotEqualTo(base);
    assertThat(base.toBuilder().cleanupInterval(Duration.ofSeconds(4)).build())
        .isNotEqualTo(base);
    assertThat(base.toBuilder().halfOpenTrials(3).build()).isNotEqualTo(base);
    assertThat(base.toBuilder()
        .expiryStrategy(
            ExpiryStrategy.progressive(Duration.ofSeconds(9), Duration.ofSeconds(9), 1.0))
        .build()).isNotEqualTo(base);
  }

  @Test
  void toStringShowsTheValues() {
    assertThat(base.toString())
        .contains("maxAttempts=4", "PT9S", "cleanupInterval=PT3S", "halfOpenTrials=2");
  }

  // ---- ConnectionConfigs ----
  @Test
  void connectionConfigUnsetValuesAreEmpty() {
    ConnectionConfig c = ConnectionConfig.builder().build();

    assertThat(c.maxAttempts()).isEmpty();
    assertThat(c.expiryStrategy()).isEmpty();
    assertThat(c.halfOpenTrials()).isEmpty();
    assertThat(c).isEqualTo(ConnectionConfig.empty()).hasSameHashCodeAs(ConnectionConfig.empty());
  }

  @Test
  void emptySetsNothing() {
    ConnectionConfig c = ConnectionConfig.empty();

    assertThat(c.maxAttempts()).isEmpty();
    assertThat(c.expiryStrategy()).isEmpty();
    assertThat(c.halfOpenTrials()).isEmpty();
  }

  @Test
  void onlyTheSetValuesArePresent() {
    ConnectionConfig c = ConnectionConfig.builder().maxAttempts(3).build();

    assertThat(c.maxAttempts()).hasValue(3);
    assertThat(c.expiryStrategy()).isEmpty();
    assertThat(c.halfOpenTrials()).isEmpty();
  }

  @Test
  void connectionConfigKeepsEverySetter() {
    ExpiryStrategy strategy =
        ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
    ConnectionConfig c = ConnectionConfig.builder()
        .maxAttempts(2).expiryStrategy(strategy).halfOpenTrials(3).build();

    assertThat(c.maxAttempts()).hasValue(2);
    assertThat(c.expiryStrategy()).containsSame(strategy);
    assertThat(c.halfOpenTrials()).hasValue(3);
  }

  @Test
  void connectionConfigExpiryIsShorthandForFixedStrategy() {
    ConnectionConfig byExpiry = ConnectionConfig.builder().expiry(Duration.ofSeconds(12)).build();
    ConnectionConfig byStrategy = ConnectionConfig.builder()
        .expiryStrategy(ExpiryStrategy.fixed(Duration.ofSeconds(12))).build();

    assertThat(byExpiry.expiryStrategy()).contains(ExpiryStrategy.fixed(Duration.ofSeconds(12)));
    assertThat(byExpiry.expiryStrategy().orElseThrow().expiryAfter(4))
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(byExpiry).isEqualTo(byStrategy).hasSameHashCodeAs(byStrategy);
  }

  @Test
  void connectionConfigEqualityCoversEveryValue() {
    ConnectionConfig a = ConnectionConfig.builder().maxAttempts(2).halfOpenTrials(3).build();
    ConnectionConfig b = ConnectionConfig.builder().maxAttempts(2).halfOpenTrials(3).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ConnectionConfig.builder().maxAttempts(2).build());
    assertThat(a).isNotEqualTo(ConnectionConfig.builder().maxAttempts(3).halfOpenTrials(3).build());
    assertThat(a).isNotEqualTo(ConnectionConfig.builder().maxAttempts(2).halfOpenTrials(3)
        .expiry(Duration.ofSeconds(1)).build());
    assertThat(a).isNotEqualTo(null);
  }

  @Test
  void connectionConfigToStringShowsOnlyTheSetValues() {
    assertThat(ConnectionConfig.builder().maxAttempts(2).build().toString())
        .contains("maxAttempts=2")
        .doesNotContain("halfOpenTrials")
        .doesNotContain("expiryStrategy");
  }

  @Test
  void connectionOverridesApplyAndUnsetValuesInherit() {
    BramaConfig global = BramaConfig.builder().maxAttempts(7).build();
    try (Brama brama = Brama.builder().config(global).clock(new ManualClock()).build()) {
      brama.register("inherits");
      brama.register("overrides", Registration.builder()
          .config(ConnectionConfig.builder().maxAttempts(2).build()).build());

      assertThat(brama.status("inherits").maxAttempts()).isEqualTo(7);
      assertThat(brama.status("overrides").maxAttempts()).isEqualTo(2);
    }
  }

  // ---- Registrations ----
  @Test
  void emptyRegistrationHasNothing() {
    Registration r = Registration.empty();

    assertThat(r.type()).isNull();
    assertThat(r.scope()).isNull();
    assertThat(r.config()).isEqualTo(ConnectionConfig.empty());
    assertThat(r.metadata()).isEmpty();
    assertThat(Registration.builder().build()).isEqualTo(r).hasSameHashCodeAs(r);
  }

  @Test
  void registrationKeepsEverySetter() {
    ConnectionConfig cfg = ConnectionConfig.builder().maxAttempts(2).build();
    Registration r = Registration.builder()
        .type("http").scope("payments").config(cfg).metadata(Map.of("url", "https://x"))
        .build();

    assertThat(r.type()).isEqualTo("http");
    assertThat(r.scope()).isEqualTo("payments");
    assertThat(r.config()).isEqualTo(cfg);
    assertThat(r.metadata()).containsExactlyEntriesOf(Map.of("url", "https://x"));
  }

  @Test
  void nullTypeAndScopeAreAllowed() {
    Registration r = Registration.builder().type("http").scope("s").type(null).scope(null).build();

    assertThat(r.type()).isNull();
    assertThat(r.scope()).isNull();
    try (Brama brama = Brama.builder().clock(new ManualClock()).build()) {
      Circuit c = brama.register("a", r);
      assertThat(c.type()).isNull();
      assertThat(c.scope()).isNull();
      assertThat(brama.status("a").type()).isNull();
      assertThat(brama.status("a").scope()).isNull();
    }
  }

  @Test
  void metadataIsCopied() {
    Map<String, String> source = new HashMap<>();
    source.put("region", "eu");
    Registration r = Registration.builder().metadata(source).build();

    source.put("region", "us");
    source.put("extra", "x");

    assertThat(r.metadata()).containsExactlyEntriesOf(Map.of("region", "eu"));
  }

  @Test
  void metadataIsUnmodifiable() {
    Registration r = Registration.builder().metadata(new HashMap<>(Map.of("k", "v"))).build();

    assertThatThrownBy(() -> r.metadata().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.metadata().remove("k"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.metadata()).containsExactlyEntriesOf(Map.of("k", "v"));
  }

  @Test
  void statusMetadataIsTheRegisteredMetadataAndUnmodifiable() {
    Map<String, String> source = new LinkedHashMap<>();
    source.put("owner", "team-a");
    try (Brama brama = Brama.builder().clock(new ManualClock()).build()) {
      brama.register("a", Registration.builder().metadata(source).build());
      source.put("owner", "team-b");

      Map<String, String> seen = brama.status("a").metadata();
      assertThat(seen).containsExactlyEntriesOf(Map.of("owner", "team-a"));
      assertThatThrownBy(() -> seen.put("x", "y"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void nullMetadataKeyIsRejected() {
    Map<String, String> bad = new HashMap<>();
    bad.put(null, "v");

    assertThatThrownBy(() -> Registration.builder().metadata(bad))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata key must not be null");
  }

  @Test
  void nullMetadataValueIsRejectedNamingItsKey() {
    Map<String, String> bad = new HashMap<>();
    bad.put("owner", null);

    assertThatThrownBy(() -> Registration.builder().metadata(bad))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("owner")
        .hasMessageContaining("must not be null");
  }

  @Test
  void rejectedMetadataLeavesTheBuilderUnchanged() {
    Map<String, String> bad = new HashMap<>();
    bad.put("k", null);
    Registration.Builder b = Registration.builder().metadata(Map.of("good", "1"));

    assertThatThrownBy(() -> b.metadata(bad)).isInstanceOf(NullPointerException.class);

    assertThat(b.build().metadata()).containsExactlyEntriesOf(Map.of("good", "1"));
  }

  @Test
  void registrationEqualityCoversEveryValue() {
    Registration a = Registration.builder().type("t").scope("s")
        .config(ConnectionConfig.builder().maxAttempts(2).build()).metadata(Map.of("k", "v"))
        .build();
    Registration b = Registration.builder().type("t").scope("s")
        .config(ConnectionConfig.builder().maxAttempts(2).build()).metadata(Map.of("k", "v"))
        .build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Registration.builder().type("t").scope("s")
        .config(ConnectionConfig.builder().maxAttempts(2).build()).build());
    assertThat(a).isNotEqualTo(Registration.builder().type("u").scope("s")
        .config(ConnectionConfig.builder().maxAttempts(2).build()).metadata(Map.of("k", "v"))
        .build());
    assertThat(a).isNotEqualTo(Registration.builder().type("t").scope(null)
        .config(ConnectionConfig.builder().maxAttempts(2).build()).metadata(Map.of("k", "v"))
        .build());
    assertThat(a).isNotEqualTo(Registration.builder().type("t").scope("s")
        .metadata(Map.of("k", "v")).build());
  }
}
