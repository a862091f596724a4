/**
 * A small blocking HTTP/1.1 client for upstream calls, built for virtual threads.
 *
 * <p>{@link dev.oauthrouter.providers.http.Http1Client} writes a request over a plain or TLS socket
 * taken from a per-host keep-alive pool and returns an
 * {@link dev.oauthrouter.providers.http.Http1Response} whose body reads straight from the socket. The
 * socket read timeout bounds every wait for bytes, so a silent upstream fails with
 * {@link java.net.SocketTimeoutException} while a stream that keeps sending has no overall limit.
 */
package dev.oauthrouter.providers.http;
