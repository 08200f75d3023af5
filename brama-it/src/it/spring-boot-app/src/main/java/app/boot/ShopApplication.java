package app.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A shop that pays through a guarded client. */
@SpringBootApplication
public class ShopApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
