package io.brama.spi;

/**
 * What a sharing module hears from one Brama. Every method is called on the thread that caused it
 * (a caller, the timer, a probe) right after the local state changed, so it must return at once:
 * hand the work to asynchronous I/O. An exception it throws is logged and ignored. Changes applied
 * through {@link SharedCircuits} are never reported back.
 */
public interface Sharing {
  /**
   * {@code id} was registered (also called for every connection present at attach time).
   *
   * @param id the connection's id
   */
  void registered(String id);

  /**
   * {@code id} was unregistered.
   *
   * @param id the connection's id
   */
  void unregistered(String id);

  /**
   * A failure was recorded on CLOSED {@code id} and the circuit is still CLOSED. What the failure
   * policy has counted is in {@code SharedCircuits.status(id).policy()}.
   *
   * @param id the connection's id
   */
  void failureRecorded(String id);

  /**
   * A success was recorded on CLOSED {@code id} while {@link SharedCircuits#watchSuccesses} is on.
   *
   * @param id the connection's id
   */
  void succeeded(String id);

  /**
   * The circuit changed state here: a call's outcome, the timer, or a manual open or reset.
   *
   * @param transition what changed
   */
  void transitioned(LocalTransition transition);
}
