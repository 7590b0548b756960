/**
 * Ready-made dependencies for real servers, with binaries from Maven artifacts (or a given path, or
 * {@code PATH}): {@link io.ovrseer.services.PostgresProcess}, {@link
 * io.ovrseer.services.RedisProcess}, {@link io.ovrseer.services.KafkaProcess} and {@link
 * io.ovrseer.services.WireMockProcess}, each a {@link io.ovrseer.services.ServiceUnit}: a {@link
 * io.ovrseer.process.ProcessUnit} with a builder, typed connection accessors and {@link
 * io.ovrseer.services.ServiceUnit#connectionProperties()}.
 *
 * <p>Binaries are unpacked once per content digest into the per-user cache, under a file lock and a
 * completeness marker; PostgreSQL's {@code initdb} runs once per settings into a template that each
 * instance copies. See docs/services.md.
 */
package io.ovrseer.services;
