package io.brama.reactor;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/** A {@code Flux} guarded by a {@link BramaOperator}: the permit is taken per subscription. */
final class GuardedFlux<T> extends FluxOperator<T, T> {
  private final BramaOperator<T> operator;

  GuardedFlux(Flux<? extends T> source, BramaOperator<T> operator) {
    super(source);
    this.operator = operator;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    GuardedSubscriber.subscribe(source, actual, operator, false);
  }

  @Override
  public Object scanUnsafe(Attr key) {
    return key == Attr.RUN_STYLE ? Attr.RunStyle.SYNC : super.scanUnsafe(key);
  }
}
