package io.brama;

/**
 * What a connection's failure policy has counted towards opening, as {@link ConnectionStatus#policy()}
 * shows it: {@link ConsecutiveStatus} under {@link FailurePolicy#consecutive}, {@link WindowStatus}
 * under a {@link RatePolicy}. In OPEN and HALF_OPEN nothing is counted: the view is empty.
 */
public sealed interface PolicyStatus permits ConsecutiveStatus, WindowStatus {}
