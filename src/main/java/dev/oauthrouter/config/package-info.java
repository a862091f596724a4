/**
 * Router configuration: records and the YAML loader.
 */
package dev.oauthrouter.config;
