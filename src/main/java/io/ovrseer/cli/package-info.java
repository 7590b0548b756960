/**
 * The command line of Ovrseer ({@link io.ovrseer.cli.Main}): {@code ovrseer up} runs an environment
 * described in a YAML file or by a test class's annotations, in a terminal UI (JLine) or as
 * prefixed log lines ({@code --no-tui}). Built only on the public core API and its events; the core
 * packages do not depend on this one. See {@code docs/cli.md}.
 */
package io.ovrseer.cli;
