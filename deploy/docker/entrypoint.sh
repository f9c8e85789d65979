#!/bin/sh
# The image's entry point: runs the updraft command; the long-running processes get the JVM options
# the ./updraft launcher gives them (server.jvm-options, from cli/src/main/resources/io/updraft/cli)
# and two glibc arenas. UPDRAFT_JAVA_OPTS comes after them and wins; UPDRAFT_JVM_DEFAULTS=off
# leaves both out.
set -eu
opts=""
case "${1:-}" in
  standalone | scheduler | worker | api)
    if [ "${UPDRAFT_JVM_DEFAULTS:-on}" != "off" ]; then
      opts="@/opt/updraft/server.jvm-options"
      export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
    fi
    ;;
esac
# shellcheck disable=SC2086 # the options are words on purpose
exec java $opts ${UPDRAFT_JAVA_OPTS:-} -jar /opt/updraft/updraft.jar "$@"
