package io.brama.dashboard;

import org.junit.jupiter.api.AfterEach;

/** A test class with a {@link Fixture} per test ({@code f}), closed after each. */
abstract class FixtureTest {
  Fixture f;

  @AfterEach
  void closeFixture() {
    if (f != null) {
      f.close();
    }
  }
}
