package io.brama.reactor;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/** A {@code Mono} guarded by a {@link BramaOperator}: the permit is taken per subscription. */
final class GuardedMono<T> extends MonoOperator<T, T> {
  private final BramaOperator<T> operator;

  GuardedMono(Mono<? extends T> source, BramaOperator<T> operator) {
    super(source);
    this.operator = operator;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    GuardedSubscriber.subscribe(source, actual, operator, true);
  }

  @Override
  public Object scanUnsafe(Attr key) {
    return key == Attr.RUN_STYLE ? Attr.RunStyle.SYNC : super.scanUnsafe(key);
  }
}
