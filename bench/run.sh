#!/usr/bin/env bash
# Runs the benchmark suite (installing the peers first) and rewrites docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -P bench verify "$@"
