package io.brama.policy;

import static io.brama.FailurePolicy.rate;
import static io.brama.FailurePolicy.timedRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 5: a slowCall inherited from the defaults does not apply to a connection whose own
 * (effective) policy is consecutive: it has no window and its calls are not timed. A slowCall the
 * connection sets itself still needs a rate policy. Before the fix, registering
 * {@code maxAttempts(3)} under a rate policy with slowCall failed, blaming the slowCall the
 * connection never set.
 */
class InheritedSlowCallTest {
  private static final String ID = "api";
  private static final Duration THRESHOLD = Duration.ofSeconds(2);
  private static final Duration SLOW = Duration.ofSeconds(5);
  private static final Duration EXPIRY = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private static BramaConfig.Builder rateWithSlowCall() {
    return BramaConfig.builder().failurePolicy(rate(50, 10, 5)).slowCall(THRESHOLD, 50)
        .expiry(EXPIRY);
  }

  private Brama start(BramaConfig config) {
    brama = Brama.builder().config(config).clock(clock).countCalls(true).build();
    return brama;
  }

  private static Registration with(ConnectionConfig.Builder config) {
    return Registration.builder().config(config.build()).build();
  }

  /** One call through {@code call} that takes {@link #SLOW} on the clock. */
  private void slowSuccess() {
    brama.call(ID, () -> {
      clock.advance(SLOW);
      return "ok";
    });
  }

  @Test
  void aConnectionWithItsOwnMaxAttemptsRegistersUnderAGlobalSlowCall() {
    start(rateWithSlowCall().build());
    brama.register(ID, with(ConnectionConfig.builder().maxAttempts(3)));

    ConnectionStatus s = brama.status(ID);
    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.window()).isNull();
    slowSuccess();
    assertThat(brama.calls(ID).slow()).as("calls are not timed for slow calls").isZero();
    for (int i = 0; i < 3; i++) {
      brama.failure(ID, "down");
    }
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theGlobalSlowCallStillAppliesToConnectionsUnderARatePolicy() {
    start(rateWithSlowCall().build());
    brama.register(ID);
    brama.register("own-rate", with(ConnectionConfig.builder().failurePolicy(rate(50, 4, 4))));
    slowSuccess();
    assertThat(brama.status(ID).window().slowCalls()).isEqualTo(1);
    assertThat(brama.calls(ID).slow()).isEqualTo(1);
    brama.call("own-rate", () -> {
      clock.advance(SLOW);
      return "ok";
    });
    assertThat(brama.status("own-rate").window().slowCalls()).isEqualTo(1);
  }

  @Test
  void configuringMaxAttemptsAtRuntimeDropsTheInheritedSlowCallAndARatePolicyBringsItBack() {
    start(rateWithSlowCall().build());
    brama.register(ID);
    brama.configure(ID, ConnectionConfig.builder().maxAttempts(3).build());

    assertThat(brama.status(ID).maxAttempts()).isEqualTo(3);
    assertThat(brama.status(ID).window()).isNull();
    slowSuccess();
    assertThat(brama.calls(ID).slow()).isZero();

    brama.configure(ID, ConnectionConfig.builder().failurePolicy(rate(50, 10, 5)).build());
    slowSuccess();
    assertThat(brama.status(ID).window().slowCalls()).isEqualTo(1);
    assertThat(brama.calls(ID).slow()).isEqualTo(1);
  }

  @Test
  void aBramaReadFromPropertiesAcceptsAConsecutiveConnection() {
    Properties p = new Properties();
    p.setProperty("brama.failure-policy", "timed-rate");
    p.setProperty("brama.failure-rate-threshold", "50");
    p.setProperty("brama.window-duration", "10s");
    p.setProperty("brama.minimum-calls", "5");
    p.setProperty("brama.slow-call-threshold", "2s");
    start(BramaConfig.fromProperties(p));
    brama.register(ID, with(ConnectionConfig.builder().maxAttempts(3)));
    assertThat(brama.status(ID).maxAttempts()).isEqualTo(3);
    assertThat(brama.status(ID).window()).isNull();
  }

  @Test
  void aSlowCallTheConnectionSetsItselfStillNeedsARatePolicy() {
    assertThatThrownBy(() -> ConnectionConfig.builder().maxAttempts(3).slowCall(THRESHOLD, 50)
        .build()).hasMessageStartingWith("slowCall needs a rate policy");

    start(BramaConfig.builder().maxAttempts(4).build());
    assertThatThrownBy(() -> brama.register(ID,
        with(ConnectionConfig.builder().slowCall(THRESHOLD, 50))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slowCall needs a rate policy")
        .hasMessageContaining("set on this connection")
        .hasMessageContaining("consecutive(4) (from the defaults)");
    assertThat(brama.isRegistered(ID)).isFalse();
  }

  @Test
  void configuringConsecutiveOverTheConnectionsOwnSlowCallIsRefusedNamingIt() {
    start(rateWithSlowCall().build());
    brama.register(ID, with(ConnectionConfig.builder().slowCall(Duration.ofSeconds(1), 80)));
    assertThatThrownBy(() -> brama.configure(ID,
        ConnectionConfig.builder().maxAttempts(3).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowCall needs a rate policy (FailurePolicy.rate or timedRate), was set on "
            + "this connection (PT1S at 80.0%) with consecutive(3)");
    assertThat(brama.status(ID).window()).isNotNull();
    assertThat(brama.status(ID).maxAttempts()).isZero();
  }

  /** The connection's own policy in {@link #theRuleHoldsForEveryCombination}. */
  enum Own {
    NONE, CONSECUTIVE, RATE
  }

  /**
   * Every combination of the defaults' policy and slowCall with a connection's policy and slowCall:
   * registration fails exactly when the connection sets slowCall and its effective policy is
   * consecutive; otherwise its calls are timed exactly when its policy is a rate policy and a
   * slowCall is in force (its own, else the defaults').
   */
  @Property(tries = 100)
  void theRuleHoldsForEveryCombination(@ForAll boolean globalRate, @ForAll boolean globalSlow,
      @ForAll Own own, @ForAll boolean ownSlow, @ForAll boolean timed) {
    FailurePolicy ratePolicy = timed ? timedRate(50, Duration.ofSeconds(10), 5) : rate(50, 10, 5);
    BramaConfig.Builder global = BramaConfig.builder().maxAttempts(7);
    if (globalRate) {
      global.failurePolicy(ratePolicy);
      if (globalSlow) {
        global.slowCall(THRESHOLD, 50);
      }
    }
    ConnectionConfig.Builder c = ConnectionConfig.builder();
    switch (own) {
      case CONSECUTIVE -> c.maxAttempts(3);
      case RATE -> c.failurePolicy(ratePolicy);
      default -> { }
    }
    boolean effectiveRate = own == Own.RATE || (own == Own.NONE && globalRate);
    if (ownSlow) {
      c.slowCall(THRESHOLD, 50);
    }
    if (ownSlow && own == Own.CONSECUTIVE) {
      assertThatThrownBy(c::build).hasMessageStartingWith("slowCall needs a rate policy");
      return;
    }
    try (Brama b = Brama.builder().config(global.build()).clock(new ManualClock())
        .countCalls(true).build()) {
      Registration r = Registration.builder().config(c.build()).build();
      if (ownSlow && !effectiveRate) {
        assertThatThrownBy(() -> b.register(ID, r)).hasMessageStartingWith(
            "slowCall needs a rate policy").hasMessageContaining("set on this connection");
        return;
      }
      b.register(ID, r);
      ConnectionStatus s = b.status(ID);
      assertThat(s.window() != null).isEqualTo(effectiveRate);
      assertThat(s.maxAttempts()).isEqualTo(effectiveRate ? 0 : own == Own.CONSECUTIVE ? 3 : 7);
      b.tryAcquire(ID).success(SLOW);
      boolean measured = effectiveRate && (ownSlow || (globalRate && globalSlow));
      assertThat(b.calls(ID).slow()).isEqualTo(measured ? 1 : 0);
    }
  }
}
