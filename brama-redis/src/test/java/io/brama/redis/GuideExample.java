package io.brama.redis;

import io.brama.Brama;

/**
 * The snippets of docs/running-many-instances.md, kept here so that they compile: brama-examples
 * does not depend on brama-redis. Nothing runs them (the hosts are the guide's, not loopback).
 */
@SuppressWarnings("unused")
final class GuideExample {
  private GuideExample() {}

  static void attach() {
    Brama brama = Brama.create();
    RedisSharing sharing = RedisSharing.attach(brama,
        RedisSharingConfig.builder("redis://redis:6379").namespace("checkout").build());
  }

  static RedisSharingConfig cluster() {
    return RedisSharingConfig.builder("redis://node1:6379").cluster(true).build();
  }
}
