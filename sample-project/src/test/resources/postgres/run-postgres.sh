#!/bin/sh
# Starts a throw-away PostgreSQL server for the integration tests, in the foreground:
#
#   sh run-postgres.sh <data-dir> <port>
#
# 1. finds initdb and postgres: on the PATH, else in the newest /usr/lib/postgresql/<version>/bin
#    (Debian's layout);
# 2. runs initdb into <data-dir> unless it already holds a cluster (trust authentication for
#    local connections, superuser "postgres"), so later runs start faster;
# 3. replaces itself with the server (exec): the process Ovrseer supervises and stops IS
#    postgres, no shell stays in between.
#
# PostgreSQL refuses to run as root. When this script runs as root (CI containers), it gives the
# data directory to the "postgres" user and runs initdb and the server as that user through
# setpriv, which execs as well. If the postgres user cannot reach <data-dir> (say, a checkout
# under /root), the cluster goes to /tmp/ovrseer-sample-postgres instead.
set -eu

data_dir=$1
port=$2
case $data_dir in
  /*) ;;
  *) data_dir="$(pwd)/$data_dir" ;; # absolute: the postgres user must reach it from /
esac

find_bin() {
  if command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n -r); do
    if [ -x "$dir/$1" ]; then
      echo "$dir/$1"
      return
    fi
  done
  echo "ERROR run-postgres.sh: $1 is neither on the PATH nor in /usr/lib/postgresql/*/bin" >&2
  exit 127
}

initdb=$(find_bin initdb)
postgres=$(find_bin postgres)

as_postgres=""
mkdir -p "$data_dir"
if [ "$(id -u)" = 0 ]; then
  as_postgres="setpriv --reuid=postgres --regid=postgres --init-groups"
  chown postgres: "$data_dir"
  if ! $as_postgres test -w "$data_dir"; then
    data_dir=/tmp/ovrseer-sample-postgres
    echo "run-postgres.sh: user postgres cannot reach the data directory, using $data_dir"
    mkdir -p "$data_dir"
    chown postgres: "$data_dir"
  fi
fi
chmod 700 "$data_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
  echo "run-postgres.sh: initdb into $data_dir"
  $as_postgres "$initdb" --pgdata="$data_dir" --username=postgres --auth=trust \
    --encoding=UTF8 --no-instructions --no-sync
fi

echo "run-postgres.sh: starting $postgres on port $port"
# TCP on localhost only and no Unix socket (empty unix_socket_directories); fsync off: the data
# is thrown away.
exec $as_postgres "$postgres" -D "$data_dir" -p "$port" -c listen_addresses=localhost \
  -c unix_socket_directories= -c fsync=off -c full_page_writes=off
