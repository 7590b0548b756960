#!/usr/bin/env bash
# Installs the peers the benchmark compares against: supervisord (Debian package "supervisor")
# and PM2 (npm package "pm2", into target/bench/pm2 so nothing global changes). Run by
# `mvn -P bench verify` before the benchmark; peers that cannot be installed are reported as
# skipped in the report.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v supervisord >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends supervisor >/dev/null \
    || echo "bench: could not install supervisor; its row will be skipped"
fi
# The Debian package starts a system supervisord; the benchmark runs its own, so stop that one.
if command -v service >/dev/null 2>&1; then service supervisor stop >/dev/null 2>&1 || true; fi

PM2_DIR=target/bench/pm2
if [ ! -x "$PM2_DIR/node_modules/.bin/pm2" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$PM2_DIR"
  npm install --silent --prefix "$PM2_DIR" pm2@7 >/dev/null || echo "bench: could not install pm2; its row will be skipped"
fi
