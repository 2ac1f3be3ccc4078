#!/usr/bin/env bash
# Spark scaling on the GPU machine's 16 idle CPU cores (docs/spark.md, "Scaling on 16 idle cores"). That machine has
# no Java and no Spark, and one device call carries at most 64 MiB with the checkout, while Spark's jars alone are
# 220 MB. So the bundle carries only what a Spark run of the benchmark campaign loads:
#
#   scripts/gpu-spark-bench.sh bundle   # build machine (JDK 25, a clean `mvn -pl spark -am package`): GPU_BUNDLE
#                                       #   (default <repo>/gpu-bundle-spark): jre.tar.xz + jni/ + shim (call 1),
#                                       #   app.tar.xz (call 2), these scripts
#   scripts/gpu-spark-bench.sh run      # GPU machine (PyTorch, g++, no JDK), three calls on one warm machine, each
#                                       #   carrying parts of the archives (parts.txt): the natives are built once the
#                                       #   runtime is complete, the benchmark runs once the application is
#
# How the application is cut down: the benchmark runs here once on a small campaign (local[2] and one standalone
# executor, the driver replay), every JVM of it (driver, master, worker, executor) logging its class loads
# (-Xlog:class+load, CDS off so JDK classes name their module). Then
#   * the JDK modules seen, with gpu-campaign-check.sh's list, make the jlink runtime;
#   * medrobust's own jars, DJL's and jars under 256 KB travel whole; a larger jar none of whose classes loaded is
#     left out; of the others every class of each package that had a class loaded, except in the jars where that
#     is over PACKAGES_BELOW bytes (Spark, Scala, Hadoop, log4j: there the loaded classes and their nested ones;
#     whole packages everywhere came to 101 MB of classes, too much for one call); resources at the root, in
#     META-INF and in those packages, and this platform's natives wherever they lie; no signatures (a cut signed jar
#     would fail its check);
#   * native libraries of other platforms stay behind; as elsewhere, pytorch-native-cpu (the GPU machine's own libtorch is used), DJL's stock JNI (rebuilt there), ONNX
#     Runtime's natives, the zoo's weights and the PTX (read from the travelling checkout) stay behind;
#   * every jar is stored (not deflated), all of them in one xz stream.
# The run on the GPU machine compares each Spark report.json with the single-JVM one, so a missing class would show
# as a failed run, not as a wrong number.
#
# Environment (bundle): TRACE (a folder of *.log from an earlier trace: skips the trace run), TRACE_KEEP (a folder to
# keep this trace's logs in, for a later TRACE), CHECK_EXECUTORS (default 3: standalone executors the cut
# application must run here with no executor log problem; 0 skips), JRE_TAR (the jre.tar.xz
# of an earlier bundle, same modules), WHOLE_BELOW (bytes:
# smaller jars travel whole; default 262144), PACKAGES_BELOW (bytes; default 2000000). Environment (run): OUT, STATE (default /tmp/medrobust-spark), SPARK_LOCAL (default "local[1] local[2] local[4]
# local[8]"), SPARK_STANDALONE (default "2 4"), SPARK_WIDE (default "local[16]", run after the ViT cells on all
# cores), VIT_SECONDS (default 240: the ViT CPU cells' cap; 0: no ViT cells), SPARK_CORES (default 0-13: the first bench's cores; the
# ViT cells take 14 and 15).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${GPU_BUNDLE:-$ROOT/gpu-bundle-spark}

bundle() {
  set -e
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  local shared=${MEDROBUST_SHARED:-$ROOT/../shared}
  local spark=$ROOT/spark/target
  [ -f "$spark/medrobust-spark.jar" ] && [ -f "$ROOT/suite/target/medrobust.jar" ] \
      || { echo "build first: mvn -B -o clean package -DskipTests -pl spark -am"; return 2; }
  rm -rf "$BUNDLE" && mkdir -p "$BUNDLE"
  local work; work=$(mktemp -d)
  # 1. the trace: a small campaign (the benchmark's, on 104 images), local[2] and one standalone executor
  mkdir -p "$work/trace"
  sed -e 's/^batchSize: 52/batchSize: 26/' -e 's/split: test$/split: test\n    limit: 104/' \
      "$ROOT/spark/src/main/resources/org/medrobust/spark/bench/bench-campaign.yaml" > "$work/trace.yaml"
  if [ -n "${TRACE:-}" ]; then   # a trace folder of an earlier bundle (its *.log files), to skip the trace run
    cp "$TRACE"/*.log "$work/trace/" && echo "(trace of $TRACE)" > "$work/trace.txt"
  else
  local cp="$ROOT/suite/target/medrobust.jar:$spark/medrobust-spark.jar:$spark/lib/*"
  echo "== tracing the class loads of a Spark run (driver, master, worker, executors)"
  (cd "$work" && JAVA_TOOL_OPTIONS="-Xshare:off -Xlog:class+load=info:file=$work/trace/%p.log" \
     nice -n 10 "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
     "@$ROOT/spark/src/main/resources/org/medrobust/spark/spark-java-options" -Dai.djl.offline=true \
     -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
     org.medrobust.spark.bench.SparkBenchmark "$work/trace.yaml" 'local[2]' 1 2>&1 | grep -v "^Picked up" | tee "$work/trace.txt")
  # and issue 18's ViT CPU cell, which the same bundle runs (gradients: DJL classes no campaign unit loads)
  (cd "$work" && JAVA_TOOL_OPTIONS="-Xshare:off -Xlog:class+load=info:file=$work/trace/%p.log" \
     nice -n 10 "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
     -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
     org.medrobust.suite.cli.MedrobustCli bench throughput --device cpu --models vit --resolutions 28 --batch 2 \
     --repeats 1 2>&1 | grep -v "^Picked up" | tee -a "$work/trace.txt")
  grep -q "| local\[2\] | .* | true |" "$work/trace.txt" && grep -q "| standalone x1 | .* | true |" "$work/trace.txt" \
      || { echo "the trace run failed"; return 1; }
  fi
  # 2. the JDK modules seen + those the GPU check needs; the jlink runtime (include/ kept for the JNI build)
  # The font natives stay behind too (1 MB packed, which call 1 cannot spare beside the checkout): the GPU image has
  # no fontconfig, so text cannot be drawn there anyway (report.json is written before the charts, docs/gpu.md).
  local modules
  # left out though seen: jdk.localedata (the CLDR provider looks it up when present; medrobust formats with
  # Locale.ROOT, Spark with Locale.US, both in java.base), jdk.jfr and jdk.management.jfr (the platform MXBean
  # lookup loads their provider); together ~30 MB of the runtime
  modules=$(cat "$work"/trace/*.log | grep -o 'source: jrt:/[a-z.]*' | sed 's|source: jrt:/||' \
      | grep -v -x -e jdk.localedata -e jdk.jfr -e jdk.management.jfr \
      | cat - <(echo java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.management,jdk.unsupported,jdk.incubator.vector | tr , '\n') \
      | sort -u | paste -sd,)
  echo "JDK modules: $modules"
  if [ -n "${JRE_TAR:-}" ]; then   # a jre.tar.xz of an earlier bundle with these modules (xz -9e takes minutes)
    cp "$JRE_TAR" "$BUNDLE/jre.tar.xz"
  else
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --compress=zip-0 \
      --exclude-files='**libsplashscreen.so,**libawt_xawt.so,**libjsound.so,**libfontmanager.so,**libfreetype.so' \
      --output "$work/jre"
  strip --strip-unneeded "$work/jre/lib/server/libjvm.so" 2>/dev/null || true
  (cd "$work" && tar cf - jre | xz -9e -T2 > "$BUNDLE/jre.tar.xz")
  fi
  # 3. the application, cut to the packages the trace loaded
  mkdir -p "$work/app"
  python3 - "$work/trace" "$work/app" "$ROOT/suite/target/medrobust.jar" "$spark/medrobust-spark.jar" \
      "$ROOT"/suite/target/lib/*.jar "$spark"/lib/*.jar <<'PY'
import os, re, sys, zipfile, glob
trace, dest, jars = sys.argv[1], sys.argv[2], sys.argv[3:]
WHOLE_BELOW = int(os.environ.get('WHOLE_BELOW', 262144))
loaded = {}          # real jar path -> names (a/b/C$D) of the classes loaded from it
for log in glob.glob(os.path.join(trace, '*.log')):
    for line in open(log, errors='replace'):
        m = re.search(r'\] (\S+) source: (?:jar:)?file:(\S+?\.jar)', line)
        if m:
            loaded.setdefault(os.path.realpath(m.group(2)), set()).add(m.group(1).replace('.', '/'))
OTHER = re.compile(r'(win|windows|darwin|osx|mac|macos|aix|freebsd|sunos|solaris|arm|aarch64|ppc|s390|riscv|loongarch|i386|x86/|x86_32|linux32|musl)', re.I)
NATIVE = re.compile(r'\.(so|dll|dylib|jnilib|a)(\.\d+)*$')
SIGNATURE = re.compile(r'^META-INF/[^/]+\.(SF|RSA|DSA|EC)$')
PACKAGES_BELOW = int(os.environ.get('PACKAGES_BELOW', 2000000))
def plain_folder(n):
    n = re.sub(r'^META-INF/versions/\d+/', '', n)
    return n.rsplit('/', 1)[0] if '/' in n else ''
seen, kept, raw = set(), [], 0
for jar in jars:
    real = os.path.realpath(jar); name = os.path.basename(jar)
    if real in seen or name in {os.path.basename(j) for j in seen}:
        continue
    seen.add(real)
    if name.startswith(('pytorch-native-cpu', 'junit-', 'hamcrest-')):
        continue
    # whole: medrobust's own jars, DJL's (paths on the GPU machine, e.g. loading libtorch from PYTORCH_LIBRARY_PATH,
    # may touch classes this machine did not) and small jars, where cutting saves little
    # Netty's whole too (~3 MB of classes): an executor's block server allocates through classes a one-executor
    # trace never loads (jctools' unpadded queues); cut, every fetch of a broadcast from a peer executor failed and
    # was retried 3 x 5 s per holder: the 4-worker run that did 38/40/1/1 units (docs/spark.md)
    whole = (name.startswith(('medrobust', 'api-', 'pytorch-engine-'))
             or (name.startswith('netty-') and not name.startswith('netty-tcnative-boringssl'))
             or os.path.getsize(real) < WHOLE_BELOW)
    if not whole and real not in loaded:
        continue
    classes = loaded.get(real, set())
    outers = {c.split('$')[0] for c in classes}                      # a loaded class and all its nested classes
    packages = {c.rsplit('/', 1)[0] if '/' in c else '' for c in classes}
    with zipfile.ZipFile(real) as src:
        by_package = sum(i.file_size for i in src.infolist() if i.filename.endswith('.class')
                         and plain_folder(i.filename) in packages)
    # whole packages where that is cheap (a path the trace did not take, a fallback or an exception class, usually
    # stays inside a package already used: lz4's pure-Java path beside its JNI one, say); exact classes in the few
    # big jars (Spark, Scala, Hadoop, log4j), where whole packages would not fit the call
    exact = by_package > PACKAGES_BELOW
    def keep(n, size):
        if NATIVE.search(n) and (OTHER.search(n) or name.startswith(('pytorch-jni', 'onnxruntime'))):
            return False                                             # natives of other platforms; DJL's stock JNI
        if '.dSYM/' in n or (name.startswith('onnxruntime') and '/native/' in n):
            return False
        if name.startswith('medrobust-models') and (n.endswith('.params') or n.endswith('.card.json')):
            return False                                             # the zoo's weights: from the checkout
        if name.startswith('medrobust') and n.endswith(('.ptx', '.ptx.gz')):
            return False
        if whole:
            return True
        if NATIVE.search(n):
            return True                                              # this platform's natives, wherever they lie
        if n.endswith('.class'):
            plain = re.sub(r'^META-INF/versions/\d+/', '', n)
            return plain[:-6].split('$')[0] in outers if exact else plain_folder(n) in packages
        folder = n.rsplit('/', 1)[0] if '/' in n else ''
        # resources: the jar's root and META-INF (services, plugin caches, properties), the loaded packages'
        # folders, and the web UI's static folder (a standalone master and worker look it up; small files only)
        return (folder == '' or folder.startswith('META-INF') or folder in packages
                or (folder.startswith('org/apache/spark/ui/static') and size < 65536))
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(os.path.join(dest, name), 'w', zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            if info.is_dir():   # folder entries stay: Spark's web UI looks its static folder up as a resource
                out.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), b'')
                continue
            if SIGNATURE.match(info.filename) or not keep(info.filename, info.file_size):
                continue
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), src.read(info))
            raw += info.file_size
    kept.append(name)
print(f"{len(kept)} jars kept of {len(seen)}, {raw / 1e6:.1f} MB of entries")
PY
  # 3b. the cut application must run a cluster of several executors here: they fetch broadcasts from each other, a
  # path the trace's single executor never takes. Rejected if a report differs or an executor log shows a problem
  # (a missing class, a failed block fetch: Spark retries around them, so only the logs tell; CHECK_EXECUTORS=0 skips)
  if [ "${CHECK_EXECUTORS:-3}" != 0 ]; then
    local java=$JAVA_HOME/bin/java; [ -x "$work/jre/bin/java" ] && java=$work/jre/bin/java
    echo "== the cut application on ${CHECK_EXECUTORS:-3} standalone executors"
    (cd "$work" && nice -n 10 "$java" -Xmx2g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
       "@$ROOT/spark/src/main/resources/org/medrobust/spark/spark-java-options" -Dai.djl.offline=true \
       -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
       -cp "$work/app/*:$ROOT/models/src/main/resources:$ROOT/scan/src/main/resources:$(ls "$ROOT"/suite/target/lib/pytorch-jni-*.jar "$ROOT"/suite/target/lib/pytorch-native-cpu-*.jar | paste -sd:)" \
       org.medrobust.spark.bench.SparkBenchmark "$work/trace.yaml" "${CHECK_EXECUTORS:-3}" --no-replay 2>&1 \
       | grep -v "^Picked up" | tee "$work/check.txt")
    grep -q "| standalone x${CHECK_EXECUTORS:-3} | .* | none | true |" "$work/check.txt" \
        || { echo "the cut application failed on ${CHECK_EXECUTORS:-3} executors (see the row above)"; return 1; }
    cp "$work/check.txt" "$BUNDLE/check-run.txt"
  fi
  (cd "$work/app" && tar cf - *.jar | xz -9 -T2 > "$BUNDLE/app.tar.xz")
  # 4. what the first call builds with, and the scripts
  cp -r "$shared/third_party/djl-pytorch-jni-0.36.0" "$BUNDLE/jni" && chmod -R u+w "$BUNDLE/jni"
  cp "$ROOT/models/src/main/cpp/medrobust_torch_shim.cc" "$ROOT/scripts/gpu-campaign-check.sh" \
     "$ROOT/scripts/gpu-spark-bench.sh" "$ROOT/spark/src/main/resources/org/medrobust/spark/spark-java-options" "$BUNDLE/"
  cp "$work/trace.txt" "$BUNDLE/trace-run.txt"
  # parts of at most PART_BYTES: with the checkout (~47 MB) one call carries ~17 MB, the two archives are ~39 MB
  local a; : > "$BUNDLE/parts.txt"
  for a in jre.tar.xz app.tar.xz; do
    (cd "$BUNDLE" && split -b "${PART_BYTES:-13000000}" -d -a 1 "$a" "$a.part")
    echo "$a $(ls "$BUNDLE/$a".part* | wc -l)" >> "$BUNDLE/parts.txt"
  done
  [ -n "${TRACE_KEEP:-}" ] && mkdir -p "$TRACE_KEEP" && cp "$work"/trace/*.log "$TRACE_KEEP/"
  rm -rf "$work"
  du -sh "$BUNDLE"; ls -la "$BUNDLE"
}

run() {
  local out=${OUT:-$BUNDLE/out}; mkdir -p "$out"
  local state=${STATE:-/tmp/medrobust-spark}
  # The archives come in parts over several calls on one warm machine (parts.txt: archive, number of parts); each
  # call leaves its parts in STATE, and an archive is unpacked once all its parts are there.
  mkdir -p "$state/parts"
  cp "$BUNDLE"/*.part* "$state/parts/" 2>/dev/null
  local a n
  while read -r a n; do
    [ "$(ls "$state/parts/$a".part* 2>/dev/null | wc -l)" = "$n" ] || { echo "$a: $(ls "$state/parts/$a".part* 2>/dev/null | wc -l) of $n parts here"; continue; }
    case $a in
      jre.tar.xz) [ -x "$state/jre/bin/java" ] || cat "$state/parts/$a".part* | xz -dc | tar xf - -C "$state" ;;
      app.tar.xz) [ -f "$state/app/medrobust.jar" ] || { mkdir -p "$state/app" && cat "$state/parts/$a".part* | xz -dc | tar xf - -C "$state/app"; } ;;
    esac
  done < "$BUNDLE/parts.txt"
  [ -x "$state/jre/bin/java" ] || { echo "parts stored; the runtime is not complete yet"; return 0; }
  # build the natives (once the runtime is here: its include/), install the JNI into DJL's cache: the GPU check's steps
  STATE=$state GPU_BUNDLE=$BUNDLE STEPS=none OUT=$out bash "$BUNDLE/gpu-campaign-check.sh" run | grep -v "^(none" || return $?
  [ -f "$state/app/medrobust.jar" ] || return 0
  local repo; repo=$(cd "$BUNDLE/.." && pwd)
  local T V F
  T=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')
  V=$(python3 -c 'import torch;print(torch.__version__.split("+")[0])')
  F=$(python3 -c 'import torch;print("cu"+torch.version.cuda.replace(".",""))')
  # the models on the CPU, one thread per task: no GPU visible to libtorch, no OpenMP pool
  export PYTORCH_LIBRARY_PATH=$T/lib PYTORCH_VERSION=$V PYTORCH_FLAVOR=$F DJL_CACHE_DIR=/tmp/djl-cache
  export CUDA_VISIBLE_DEVICES= OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
  cd "$state"
  local cp="app/*:$repo/models/src/main/resources:$repo/scan/src/main/resources"
  local java=(./jre/bin/java -Xmx24g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1
              -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
              --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$cp")
  lscpu | grep -E "^Model name|^CPU\(s\)|^Thread|^NUMA node\(s\)" ; free -g | head -2
  # issue 18's ViT CPU cell at 224 px, batch 8 (docs/gpu.md's CPU cells: one pinned core, one libtorch thread),
  # beside the first bench on cores of their own: --repeats 3 (the cells' setting) and --repeats 1 (a fallback)
  local vit=() r c=15
  for r in $([ "${VIT_SECONDS:-240}" = 0 ] || echo 3 1); do   # VIT_SECONDS=0: no ViT cells
    (timeout "${VIT_SECONDS:-240}" taskset -c $c "${java[@]}" org.medrobust.suite.cli.MedrobustCli bench throughput \
        --device cpu --models vit --resolutions 224 --batch 8 --repeats $r > "$out/vit-cpu-224-r$r.txt" 2>&1;
     echo "exit $? after $SECONDS s" >> "$out/vit-cpu-224-r$r.txt") &
    vit+=($!); c=$((c - 1))
  done
  local t0=$SECONDS
  touch "$state/started"   # the standalone clusters' homes made after this are this run's (their logs go to OUT)
  echo "== Spark scaling, cores ${SPARK_CORES:-0-13}: single JVM, ${SPARK_LOCAL:-local[1] local[2] local[4] local[8]}, standalone x ${SPARK_STANDALONE:-2 4}"
  taskset -c "${SPARK_CORES:-0-13}" "${java[@]}" "@$BUNDLE/spark-java-options" \
      org.medrobust.spark.bench.SparkBenchmark ${SPARK_LOCAL:-local[1] local[2] local[4] local[8]} \
      ${SPARK_STANDALONE:-2 4} --keep "$out/oracle" 2>&1 | grep -v "^WARNING" | tee "$out/spark-bench.txt"
  echo "(first bench: $((SECONDS - t0)) s)"
  for p in "${vit[@]}"; do wait "$p"; done
  grep -h "^| vit\|^exit" "$out"/vit-cpu-224-r*.txt 2>/dev/null
  if [ -n "${SPARK_WIDE-local[16]}" ]; then
    t0=$SECONDS
    echo "== Spark on all cores: ${SPARK_WIDE-local[16]} (oracle: the first bench's single-JVM run)"
    "${java[@]}" "@$BUNDLE/spark-java-options" org.medrobust.spark.bench.SparkBenchmark ${SPARK_WIDE-local[16]} \
        --oracle "$out/oracle" --no-replay 2>&1 | grep -v "^WARNING" | tee "$out/spark-bench-wide.txt"
    echo "(wide bench: $((SECONDS - t0)) s)"
  fi
  rm -rf "$out/oracle"
  # the logs of the master, the workers and every executor (work-N/app-*/ID/stderr, hs_err_pid*.log), not the jars
  local homes; homes=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'medrobust-spark-home-*' -newer "$state/started")
  [ -n "$homes" ] && find $homes \( -name '*.log' -o -name stderr -o -name stdout \) -type f -print0 \
      | tar czf "$out/spark-cluster-logs.tgz" --null -T - 2>/dev/null
}

case "${1:-}" in
  bundle) bundle ;;
  run) run ;;
  *) echo "usage: $0 bundle|run" >&2; exit 2 ;;
esac
