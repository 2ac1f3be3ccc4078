#!/usr/bin/env bash
# Spark benchmark: the single-JVM engine, then a local standalone cluster with 1 and 2 one-core executors (or the
# counts given): throughput, task time and overhead per unit (docs/spark.md). Usage: scripts/bench-spark.sh [CONFIG.yaml] [N...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/select-jdk.sh"
SPARK="$ROOT/spark/target"
if [ ! -f "$SPARK/medrobust-spark.jar" ]; then
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests -pl spark -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  "@$ROOT/spark/src/main/resources/org/medrobust/spark/spark-java-options" -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$ROOT/suite/target/medrobust.jar:$SPARK/medrobust-spark.jar:$SPARK/lib/*" \
  org.medrobust.spark.bench.SparkBenchmark "$@"
