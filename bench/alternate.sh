#!/usr/bin/env bash
# Compares benchmark jars (e.g. a build of an older commit and the current one) by running them in
# turn, ROUNDS times, FORKS forks each, and prints per benchmark the median of the forks' means and
# every fork's mean: forks of one jar can differ by up to 2x on a shared machine, so alternating
# jars and reading medians over many forks is what resolves small differences.
# Usage: bench/alternate.sh 'HotPathBenchmark.(call|circuitCall)$' old.jar new.jar
# Environment: ROUNDS (2), FORKS (2), T threads (1); OUT, where the JSON goes (a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
REGEX=$1
shift
ROUNDS=${ROUNDS:-2}
FORKS=${FORKS:-2}
T=${T:-1}
OUT=${OUT:-$(mktemp -d)}
rm -f "$OUT"/alternate-*.json
for r in $(seq "$ROUNDS"); do
  for j in "$@"; do
    java -jar "$j" "$REGEX" -t "$T" -wi 3 -w 1 -i 5 -r 1 -f "$FORKS" -rf json \
      -rff "$OUT/alternate-$(basename "$j" .jar)-$r.json" > /dev/null 2>&1
  done
done
python3 - "$OUT" "$@" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
for jar in sys.argv[2:]:
    name = os.path.basename(jar)[:-4]
    forks = {}
    for f in sorted(glob.glob(f"{out}/alternate-{name}-*.json")):
        for b in json.load(open(f)):
            key = b["benchmark"].split(".")[-1]
            forks.setdefault(key, []).extend(statistics.mean(it) for it in b["primaryMetric"]["rawData"])
    for key, v in sorted(forks.items()):
        print(f"{name:8} {key:24} median {statistics.median(v):8.3f}  forks "
              + " ".join(f"{x:.2f}" for x in v))
PY
