#!/usr/bin/env bash
# The watchdog-agent demo: builds everything, then runs dev.watchdog.testapps.demo.Demo, which starts a
# database and a web server behind switchable proxies and two applications with the agent attached,
# breaks and heals each server in turn and shows what the applications see (about 40 s).
set -euo pipefail
cd "$(dirname "$0")"

mvn -B -q -Dstyle.color=never package -DskipTests

agent_jar="$PWD/agent/target/watchdog-agent.jar"
classpath="$PWD/test-apps/target/classes:$(cat test-apps/target/classpath.txt)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

exec "$java" -cp "$classpath" dev.watchdog.testapps.demo.Demo "$agent_jar"
