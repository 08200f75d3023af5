package io.brama.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines brama-redis logs (through {@link System.Logger}, which writes to java.util.logging
 * when no other backend is installed), collected while open.
 */
final class LogLines extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger(RedisSharing.class.getName());
  private final List<String> lines = new CopyOnWriteArrayList<>();

  LogLines() {
    logger.addHandler(this);
  }

  /** The lines logged so far that contain {@code text}. */
  List<String> containing(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }

  List<String> all() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(record.getLevel() + " " + record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
