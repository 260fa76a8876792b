#!/usr/bin/env bash
# One command for every benchmark: builds the reactor, runs all sections, writes BENCHMARKS.md at the
# repository root. Full run: about 30 minutes on 2 cores (the bigapp section 15–20). `--smoke`: tiny counts, proves
# it runs; its numbers mean nothing. Extra arguments go to the runner: --out FILE, --only gate,rejection,...
# JAVA_HOME selects the JDK measured (default: the java on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "true" ]]; then
  mvn -B -q package -DskipTests
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt)"
# BENCH_JAVA_OPTS: the runner's own -D settings, e.g. -Dbench.bigapp.rounds=1 -Dbench.bigapp.db=h2
# shellcheck disable=SC2086
exec "$java_bin" ${BENCH_JAVA_OPTS:-} -cp "$cp" \
  -Dbench.agent.jar="$root/agent/target/watchdog-agent.jar" \
  -Dbenchmarks.workdir="$root/benchmarks/target/work" \
  dev.watchdog.bench.BenchmarkRunner --out "$root/BENCHMARKS.md" "$@"
