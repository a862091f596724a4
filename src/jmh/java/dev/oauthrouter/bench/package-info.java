/** JMH micro-benchmarks of the router's hot paths (built only with the {@code jmh} Maven profile). */
package dev.oauthrouter.bench;
