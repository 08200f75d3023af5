package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A browser test class: one headless Chromium for the class, a {@link Fixture} per test ({@code f}),
 * and after each test no console error, a blank page, and the fixture closed.
 */
abstract class PageTest {
  static Browser browser;
  Fixture f;

  @BeforeEach
  void startBrowser() throws IOException {
    if (browser == null) {
      browser = Browser.start(); // one browser for the class
    }
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @AfterEach
  void tearDown() {
    try {
      if (browser != null && f != null) {
        assertThat(browser.consoleErrors()).isEmpty();
        browser.reset();
      }
    } finally {
      if (f != null) {
        f.close();
      }
    }
  }
}
