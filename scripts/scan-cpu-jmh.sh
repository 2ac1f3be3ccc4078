#!/usr/bin/env bash
# CPU scan kernel, JMH before/after on a quiet machine (docs/selective-scan.md, "CPU kernel speed").
#
#   scripts/scan-cpu-jmh.sh bundle REF...   # here (JDK 25 + Maven): for each git ref, builds the models module's JMH
#                                           #   benchmarks (-Pjmh) in a temporary worktree and copies their class path
#                                           #   (without the PyTorch and ONNX Runtime natives: the cpu backends need
#                                           #   none) to $JMH_BUNDLE/<ref>/, plus a jlink runtime
#   scripts/scan-cpu-jmh.sh run [JMH ARGS]  # on the measuring machine, no JDK needed: runs ScanBench for every bundled
#                                           #   ref, the refs interleaved fork by fork, and prints one table
# The device tool's GPU machine has 16 idle cores: the scripts/gpu-scan-check.sh route (bundle in an ignored folder
# of the checkout, carried) gives a measurement free of the noise of a shared 2-core VM.
# Environment: JMH_BUNDLE (default <repo>/build/scan-jmh), SHAPES (default 16x384x16x196,8x128x16x256), ROUNDS (2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${JMH_BUNDLE:-$ROOT/build/scan-jmh}

bundle() {
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  export PATH=$JAVA_HOME/bin:$PATH
  mkdir -p "$BUNDLE"
  for ref in "$@"; do
    local sha src dest
    sha=$(git -C "$ROOT" rev-parse --short=9 "$ref")
    src=$(mktemp -d)/src
    dest=$BUNDLE/$sha
    git -C "$ROOT" worktree add -q --detach "$src" "$sha"
    (cd "$src" && mvn -B -o -q -Pjmh -pl models -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=jmh-classpath.txt -Dmdep.includeScope=test >/dev/null)
    rm -rf "$dest" && mkdir -p "$dest/cp"
    local i=0 entries=()
    IFS=: read -r -a entries < "$src/models/jmh-classpath.txt" || true  # no newline at the end: read says 1
    # Only what the cpu backends load: class folders without their resources (the zoo's weights), JMH and DJL's
    # api jar (ScanBench names DjlSelectiveScan); the device tool carries at most 64 MiB.
    for e in "$src/models/target/test-classes" "$src/models/target/classes" "${entries[@]}"; do
      case "$(basename "$e")" in
        classes|test-classes|jmh-core-*|jopt-simple-*|commons-math3-*|api-*|gson-*|slf4j-api-*) ;;
        *) continue ;;
      esac
      i=$((i + 1))
      cp -r "$e" "$dest/cp/$(printf %03d $i)-$(basename "$e")"
    done
    find "$dest/cp" -type f -size +100k ! -name '*.jar' ! -name '*.class' -delete
    # the jars every ref shares travel once
    mkdir -p "$BUNDLE/common"
    for jar in "$dest"/cp/*.jar; do
      mv -f "$jar" "$BUNDLE/common/$(basename "$jar" | cut -d- -f2-)"
    done
    (cd "$dest" && tar cf - cp | xz -6 > cp.tar.xz && rm -rf cp)
    git -C "$ROOT" log -1 --format='%h %s' "$sha" > "$dest/ref.txt"
    git -C "$ROOT" worktree remove --force "$src"
  done
  if [ ! -f "$BUNDLE/jre.tar.xz" ]; then
    # uncompressed modules + xz -9e: 12.5 MB, against 19 MB for jlink's zip-9 (the 64 MiB also carry the checkout)
    "$JAVA_HOME/bin/jlink" --add-modules java.base,java.management,jdk.unsupported,jdk.incubator.vector --strip-debug \
        --no-header-files --no-man-pages --compress=zip-0 --output "$BUNDLE/jre"
    strip --strip-unneeded "$BUNDLE/jre/lib/server/libjvm.so" 2>/dev/null || true
    (cd "$BUNDLE" && tar cf - jre | xz -9e -T0 > jre.tar.xz && rm -rf jre)
  fi
  cp "$0" "$BUNDLE/"
  du -sh "$BUNDLE"
}

run() {
  [ -x "$BUNDLE/jre/bin/java" ] || (cd "$BUNDLE" && xz -dc jre.tar.xz | tar xf -)
  local shapes=${SHAPES:-16x384x16x196,8x128x16x256} rounds=${ROUNDS:-2} out=${OUT:-$BUNDLE/out}
  mkdir -p "$out"
  for dest in "$BUNDLE"/*/; do
    [ -f "$dest/cp.tar.xz" ] && [ ! -d "$dest/cp" ] && (cd "$dest" && xz -dc cp.tar.xz | tar xf -)
  done
  for round in $(seq 1 "$rounds"); do
    for dest in "$BUNDLE"/*/; do
      [ -f "$dest/ref.txt" ] || continue
      local sha cp
      sha=$(basename "$dest")
      cp=$( (find "$dest/cp" -mindepth 1 -maxdepth 1; ls "$BUNDLE"/common/*.jar) | sort | paste -sd:)
      echo "== round $round: $(cat "$dest/ref.txt")"
      "$BUNDLE/jre/bin/java" --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main \
          -f 1 -wi 4 -i 6 -w 1s -r 1s -t 1 -p backend=cpu -p shape="$shapes" -rf json \
          -rff "$out/jmh-$sha-r$round.json" "${@:-ScanBench}" 2>&1 | grep -E '^(Benchmark|ScanBench)' || true
    done
  done
  python3 - "$out" <<'EOF'
import glob, json, os, sys, collections
rows = collections.defaultdict(list)
for f in sorted(glob.glob(os.path.join(sys.argv[1], 'jmh-*.json'))):
    sha = os.path.basename(f).split('-')[1]
    for r in json.load(open(f)):
        rows[(r['benchmark'].split('.')[-1], r['params']['shape'], sha)].append(r['primaryMetric']['score'])
print('\n%-9s %-16s %-10s %s' % ('bench', 'shape', 'ref', 'ms/op per round (JMH mean of 6 iterations)'))
for k in sorted(rows):
    print('%-9s %-16s %-10s %s' % (k[0], k[1], k[2], '  '.join('%.3f' % v for v in rows[k])))
EOF
}

case "${1:-}" in
  bundle) shift; bundle "$@" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 bundle REF... | run [JMH ARGS]" >&2; exit 2 ;;
esac
