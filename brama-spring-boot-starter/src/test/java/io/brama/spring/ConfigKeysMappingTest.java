package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.ConfigKeys;
import io.brama.ConsecutiveStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter binds every key of the core's table and leaves reading and checking to the core. */
class ConfigKeysMappingTest {
  private final ApplicationContextRunner runner = Contexts.runner();

  @Test
  void everyKeyOfTheCoresTableIsABoundPropertyOfTheDefaultsAndEveryConnectionKeyOfAConnection() {
    BeanWrapperImpl defaults = new BeanWrapperImpl(new BramaProperties());
    BeanWrapperImpl connection = new BeanWrapperImpl(new ConnectionProperties());
    for (ConfigKeys.Key key : ConfigKeys.all()) {
      String property = ConfigMapping.propertyName(key.name());
      assertThat(defaults.isWritableProperty(property)).as(key.name()).isTrue();
      assertThat(connection.isWritableProperty(property)).as(key.name())
          .isEqualTo(key.perConnection());
    }
  }

  @Test
  void theValuesHandedToTheCoreAreTheSetOnesByKeyName() {
    ConnectionProperties c = new ConnectionProperties();
    c.setMaxAttempts(3);
    c.setFailurePolicy(CircuitProperties.FailurePolicyKind.CONSECUTIVE);

    assertThat(ConfigMapping.values(c, true))
        .containsOnlyKeys("max-attempts", "failure-policy")
        .containsEntry("max-attempts", 3);
  }

  @Test
  void aConnectionNamingTheConsecutivePolicyUnderRateDefaultsCountsFailuresInARow() {
    runner.withInitializer(Contexts.yaml("""
        brama:
          failure-policy: rate
          failure-rate-threshold: 50
          window-size: 10
          connections:
            "[strict]": { failure-policy: consecutive }
            "[counted]": { failure-policy: consecutive, max-attempts: 3 }
        """)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          assertThat(brama.status("strict").policy()).isInstanceOf(ConsecutiveStatus.class);
          assertThat(brama.status("strict").maxAttempts()).isEqualTo(10);
          assertThat(brama.status("counted").maxAttempts()).isEqualTo(3);
        });
  }

  @Test
  void aNamedConsecutivePolicyTakesTheDefaultsCountWhenTheyCountInARowToo() {
    runner.withInitializer(Contexts.yaml("""
        brama:
          max-attempts: 4
          connections:
            "[named]": { failure-policy: consecutive, half-open-trials: 2 }
        """)).run(context -> {
          Brama brama = context.getBean(Brama.class);
          assertThat(brama.status("named").maxAttempts()).isEqualTo(4);
        });
  }
}
