/**
 * Brama behind Spring Cloud CircuitBreaker: the blocking and reactive factories, the Spring Cloud
 * Gateway filters (WebFlux and Server MVC) and the OpenFeign breaker names. See
 * docs/spring-cloud.md.
 */
package io.brama.spring.cloud;
