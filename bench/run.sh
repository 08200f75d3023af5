#!/usr/bin/env bash
# Runs the performance comparison of issue 6 (Brama vs Resilience4j 2.4.0 and Failsafe 3.3.2) in one
# JMH run at 1 and 2 threads with -prof gc, then the heap-delta program, and writes
#   bench/results/<stamp>.json      the JMH JSON (every benchmark, both thread counts)
#   bench/results/<stamp>-heap.json retained heap per connection
#   bench/results/<stamp>.md        the table, the floors and their ratios
#   bench/results/<stamp>.log       JMH's and the heap program's console output
# About 20 minutes on a 2-core machine. Usage:
#   bench/run.sh                          the whole suite
#   bench/run.sh --only HotPath --only Peer    a subset (regexes on Class.method)
# Environment: JMH_OPTS overrides the iteration settings; STAMP the file names; SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."

STAMP=${STAMP:-$(date -u +%Y-%m-%d)}
OUT=bench/results
JAR=brama-benchmarks/target/benchmarks.jar
JMH_OPTS=${JMH_OPTS:--wi 3 -w 1 -i 5 -r 1 -f 1}
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -pl brama-benchmarks -am package -DskipTests
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
CMD="java -cp $JAR io.brama.benchmarks.Suite --threads 1,2 --json $OUT/$STAMP.json -prof gc $JMH_OPTS $*"
echo "$CMD" | tee "$OUT/$STAMP.log"
# shellcheck disable=SC2086
java -cp "$JAR" io.brama.benchmarks.Suite --threads 1,2 --json "$OUT/$STAMP.json" -prof gc \
  $JMH_OPTS "$@" 2>&1 | tee -a "$OUT/$STAMP.log"

HEAP_CMD="java -Xmx2g -XX:+UseSerialGC -cp $JAR io.brama.benchmarks.HeapDelta --json $OUT/$STAMP-heap.json"
echo "$HEAP_CMD" | tee -a "$OUT/$STAMP.log"
java -Xmx2g -XX:+UseSerialGC -cp "$JAR" io.brama.benchmarks.HeapDelta \
  --json "$OUT/$STAMP-heap.json" 2>&1 | grep -v '^SLF4J' | tee -a "$OUT/$STAMP.log"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 bench/report.py "$OUT/$STAMP.json" "$OUT/$STAMP-heap.json" \
  --command "bench/run.sh (= $CMD; then $HEAP_CMD)" \
  --load "$LOAD_BEFORE / $LOAD_AFTER" > "$OUT/$STAMP.md"
echo "wrote $OUT/$STAMP.md, $OUT/$STAMP.json, $OUT/$STAMP-heap.json, $OUT/$STAMP.log"
