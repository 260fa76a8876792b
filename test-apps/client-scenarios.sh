#!/usr/bin/env bash
# The proof table: every client of ClientScenarios.REGISTRY (or those named) in each outage scenario
# (warm then blackholed, refused from the start, blackholed from the start, recovery after a blackhole),
# with the agent and without it, behind a switchable TCP proxy; prints a Markdown table.
#
#   test-apps/client-scenarios.sh [--out FILE] [--window SECONDS] [--outage SECONDS]
#                                 [--scenarios warm-then-blackholed,...] [--quiet] [client...]
#
# Builds the agent and the test applications first (mvn package, no tests) unless SKIP_BUILD=true.
# A client is named by its registry name or a part of it ("okhttp", "elasticsearch") or one of its kinds.
# The default window is 8 s per scenario; about 2.5 minutes for the HTTP clients.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-false}" != "true" ]]; then
  mvn -B -q -Dstyle.color=never -pl test-apps -am package -DskipTests
fi

agent_jar="$PWD/agent/target/watchdog-agent.jar"
classpath="$PWD/test-apps/target/classes:$(cat test-apps/target/classpath.txt)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

exec "$java" -Dwatchdog.agent.jar="$agent_jar" -Dsun.net.httpserver.nodelay=true -cp "$classpath" \
  dev.watchdog.testapps.clients.scenarios.ClientScenarios "$@"
