package io.brama.spring;

/** Which Brama events become Spring application events. */
public class EventsProperties {
  /**
   * Publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
   * SHARED_STATE) as application events (BramaEvent payloads).
   */
  private boolean publish = true;

  /** Also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default. */
  private boolean perCall = false;

  /** The defaults: publish, not per call. */
  public EventsProperties() {}

  /**
   * Publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
   * SHARED_STATE) as application events (BramaEvent payloads).
   *
   * @return whether to publish the lifecycle events
   */
  public boolean isPublish() {
    return publish;
  }

  /**
   * Sets it: publish the lifecycle events (STATE_CHANGE, REGISTERED, UNREGISTERED, CONFIGURED,
   * SHARED_STATE) as application events (BramaEvent payloads).
   *
   * @param publish whether to publish the lifecycle events
   */
  public void setPublish(boolean publish) {
    this.publish = publish;
  }

  /**
   * Also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default.
   *
   * @return whether to publish the per-call events too
   */
  public boolean isPerCall() {
    return perCall;
  }

  /**
   * Sets it: also publish SUCCESS, FAILURE and REJECTED events: one per call, so off by default.
   *
   * @param perCall whether to publish the per-call events too
   */
  public void setPerCall(boolean perCall) {
    this.perCall = perCall;
  }
}
