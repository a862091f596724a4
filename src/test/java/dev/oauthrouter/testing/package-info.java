/**
 * Test doubles and harnesses: in-memory tokens, counting quota gate, list-backed usage sink, the
 * in-process router and the replay server for recorded provider traffic.
 */
package dev.oauthrouter.testing;
