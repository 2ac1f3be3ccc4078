#!/usr/bin/env bash
# GPU check of the selective-scan CUDA backend against mamba_ssm (docs/selective-scan.md).
#
#   scripts/gpu-scan-check.sh bundle   # on a build machine (JDK 25 + Maven, nvcc optional): builds gpu-bundle/
#                                      #   = jlink runtime + scan module jar (classes, PTX) + datasets jar + golden
#                                      #   cases + mamba_ssm's source (the peer, ../shared/peers/mamba_selective_scan)
#   scripts/gpu-scan-check.sh run [--shapes S] [--variants V] [--parity-variants P]
#                                      # on a CUDA machine with PyTorch + nvcc, no JDK needed: builds the peer (in the
#                                      #   background) while parity runs (golden + fresh random cases, outputs
#                                      #   poisoned), times our kernels, times mamba_ssm at the same shapes, prints one
#                                      #   table side by side. Exit 1 on parity failure.
#   scripts/gpu-scan-check.sh profile  # on the CUDA machine: Nsight Compute sections (NCU_RUNS)
#   scripts/gpu-scan-check.sh          # bundle + run (a machine with a JDK and a GPU)
#
# Shapes: issue (the issue's four), zoo (the zoo models' scans at 28x28 and 224x224, batch 1 and 64), zoo28, zoo224,
# all, or "B,D,N,L[,G];..."; several joined with '+'. Variants: auto (the default), v5-4 = forward v5, 4 states per
# thread; /tN forward threads per block; /cN blocks target of the forward's L split (c0: none); /lN longest backward
# chunk; /k1 one channel per backward block; /f0 backward grid counted as full from 0 rows; /z0 the backward memsets
# its gradients (the forward does not zero them); /g0 full single-launch staging; /i8 8 steps per thread from 129
# steps. The first variant is the one in the side-by-side table, which prints single calls and back-to-back calls
# (and host microseconds per call) for both libraries.
# Environment: GPU_BUNDLE (default <repo>/gpu-bundle), JAVA_HOME (bundle step), MEDROBUST_SHARED (default
# <repo>/../shared), SHAPES, VARIANTS (":f16"/":bf16" after a variant times 16-bit inputs), PARITY_VARIANTS, TYPES
# (input types checked on the random cases, default f32,f16,bf16), TYPE_VARIANTS (the configurations those 16-bit
# random cases run in, default auto), RETIRE_VARIANTS (extra bench of these at RETIRE_SHAPES, default
# issue), SKIP_PEER=1, SKIP_PTXAS=1 (no ptxas report), NCU_RUNS ("kernel-regex|variant|B,D,N,L,G[|launches to skip,
# default 2] ..."; the warm-up runs the float32 ssm_bwd1_t32_i4_c1 20,000 times), NCU_EXTRA (more ncu options, e.g.
# --metrics ...), NCU_SOURCE=1 (also per-SASS-instruction counts and stall samples, src-<i>.csv), OUT (where logs and
# JSON go).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${GPU_BUNDLE:-$ROOT/gpu-bundle}

bundle() {
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  local shared=${MEDROBUST_SHARED:-$ROOT/../shared}
  local src=$ROOT/scan/src/main
  # The scan module's jar (scan classes + the kernels' PTX, gzip-compressed: 2.5 MB; no DJL) and the datasets jar (npz
  # reader), both through Maven; the scan module's cuda-ptx profile regenerates the PTX from the .cu wherever nvcc exists.
  # SKIP_BUILD=1: the jars of a build just made (e.g. by verify) are taken as they are
  [ "${SKIP_BUILD:-0}" = 1 ] || (cd "$ROOT" && mvn -B -o -q -pl scan -am package -DskipTests)
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/lib" "$BUNDLE/golden"
  cp "$(ls "$ROOT"/scan/target/medrobust-scan-*.jar | grep -v tests | head -1)" "$BUNDLE/lib/medrobust-scan.jar"
  # The runtime travels packed (jre.tar.xz, ~12 MB instead of 54 MB unpacked; uncompressed modules xz far better
  # than jlink's zip-9: 18 MB before: the device tool sends at most 64 MiB
  # with the working tree); built once per JDK and cached under build/ (ignored).
  local cache="$ROOT/build/jre-$("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | tr -cd 'A-Za-z0-9.')-z0"
  if [ ! -f "$cache/jre.tar.xz" ]; then
    rm -rf "$cache" && mkdir -p "$cache"
    "$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.incubator.vector --strip-debug --no-header-files \
        --no-man-pages --compress=zip-0 --output "$cache/jre"
    strip --strip-unneeded "$cache/jre/lib/server/libjvm.so" 2>/dev/null || true
    (cd "$cache" && tar cf - jre | xz -9e -T0 > jre.tar.xz && rm -rf jre)
  fi
  cp "$cache/jre.tar.xz" "$BUNDLE/"
  cp "$ROOT"/datasets/target/medrobust-datasets-*.jar "$BUNDLE/lib/"
  cp "$shared"/golden/selective_scan/*.npz "$shared"/golden/selective_scan/index.json "$BUNDLE/golden/"
  cp "$ROOT"/scripts/gpu/side_by_side.py "$ROOT"/scripts/gpu/build_mamba_typed.py "$src/cuda/selective_scan.cu" "$BUNDLE/"
  # mamba_ssm's CUDA source (Apache-2.0), the peer measured side by side; built on the GPU machine by run
  cp -r "$shared/peers/mamba_selective_scan" "$BUNDLE/peer" && chmod -R u+w "$BUNDLE/peer"
  cp "$ROOT/scripts/gpu-scan-check.sh" "$BUNDLE/"
  du -sh "$BUNDLE"
}

unpack_jre() {
  [ -x "$BUNDLE/jre/bin/java" ] || (cd "$BUNDLE" && xz -dc jre.tar.xz | tar xf -)
}

run() {
  unpack_jre
  cd "$BUNDLE"
  local out=${OUT:-$BUNDLE/out}
  mkdir -p "$out"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm,clocks.mem --format=csv || true
  if [ "${SKIP_PTXAS:-0}" != 1 ] && command -v nvcc >/dev/null; then
    echo "== ptxas resource report (sm_90)"
    nvcc -cubin -arch=sm_90 -O3 -Xptxas -v -o /tmp/selective_scan.cubin selective_scan.cu 2>&1 \
      | grep -E "Compiling entry|registers|spill" | paste - - - | sed -E 's/ptxas info *: //g' | cut -c1-220 || true
  fi
  # mamba_ssm's extension builds on the CPUs while our parity runs, its fp16/bf16 build (build_mamba_typed.py) after it
  # when a 16-bit variant is timed; the benchmark waits for both, so no timing overlaps a build
  local peer_ok=0
  if [ "${SKIP_PEER:-0}" != 1 ] && [ -d peer ]; then
    echo 1 >/tmp/mamba_typed.rc; rm -f /tmp/mamba_typed.log
    (cd peer && export MAMBA_BUILD_DIR=/tmp/mamba_build MAX_JOBS=${MAX_JOBS:-16}
     python3 build_mamba.py >/tmp/mamba_build.log 2>&1; echo $? >/tmp/mamba_build.rc
     case "$VARIANTS" in *:f16*|*:bf16*)
       python3 ../build_mamba_typed.py . >/tmp/mamba_typed.log 2>&1; echo $? >/tmp/mamba_typed.rc ;; esac) &
    peer_ok=1
  fi
  local status=0
  local java=(./jre/bin/java -Xmx48g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "lib/*"
              org.medrobust.models.scan.cuda.CudaScanCheck)
  echo "== CUDA backend parity (Java $(./jre/bin/java -version 2>&1 | head -1))"
  "${java[@]}" golden --no-bench --parity-variants "$PARITY_VARIANTS" --types "${TYPES:-f32,f16,bf16}" \
      --type-variants "${TYPE_VARIANTS:-auto}" 2>&1 \
      | tee "$out/parity.txt" || true
  grep -q "^PARITY OK" "$out/parity.txt" || status=1
  # the peer's builds (fp32 ~30 s, then fp16/bf16 ~50 s) load every CPU: wait for them, or the first shapes' host path
  # is timed beside nvcc (run L6: our host microseconds per call 8-10 at the first four shapes, 4-5 after)
  [ "$peer_ok" != 1 ] || wait
  echo "== CUDA backend benchmark (shapes $SHAPES)"
  "${java[@]}" --no-parity --shapes "$SHAPES" --variants "$VARIANTS" --json "$out/medrobust.jsonl" 2>&1 \
      | grep -v "^PARITY" | tee "$out/bench.txt" || true
  if [ -n "${RETIRE_VARIANTS:-}" ]; then
    echo "== forward versions (shapes ${RETIRE_SHAPES:-issue})"
    "${java[@]}" --no-parity --shapes "${RETIRE_SHAPES:-issue}" --variants "$RETIRE_VARIANTS" 2>&1 \
        | grep -v "^PARITY" | tee "$out/versions.txt" || true
  fi
  if [ "$peer_ok" = 1 ]; then
    if [ "$(cat /tmp/mamba_build.rc)" = 0 ]; then
      grep -hE "^BUILD" /tmp/mamba_build.log /tmp/mamba_typed.log 2>/dev/null || true
      if [ "$(cat /tmp/mamba_typed.rc)" = 0 ]; then export MAMBA_TYPED_OK=1
      elif [ -f /tmp/mamba_typed.log ]; then echo "mamba_ssm fp16/bf16 build FAILED:"; tail -15 /tmp/mamba_typed.log; fi
      python3 side_by_side.py "$BUNDLE/peer" "$out/medrobust.jsonl" "${VARIANTS%%,*}" "$out/side_by_side.jsonl" 2>&1 \
          | tee "$out/side_by_side.txt"
    else
      echo "mamba_ssm peer build FAILED:"; tail -30 /tmp/mamba_build.log
    fi
  fi
  grep -E "^\| (check|---|.*FAIL)" "$out/parity.txt" | head -20 || true
  grep -cE "\| ok \|$" "$out/parity.txt" | sed 's/$/ parity rows ok/' || true
  tail -1 "$out/parity.txt"
  return $status
}

# Nsight Compute: NCU_RUNS="kernel-regex|variant|shape ..." (shape as B,D,N,L,G). No parity; the bench launches each
# kernel 35 times, the third matching launch is profiled.
profile() {
  unpack_jre
  cd "$BUNDLE"
  local out=${OUT:-$BUNDLE/out}
  mkdir -p "$out"
  local k i=0
  for k in ${NCU_RUNS:-"ssm_bwd1|auto|16,1536,16,4096,1"}; do
    IFS='|' read -r kern var shape skip <<<"$k"
    i=$((i + 1))
    echo "== ncu $kern (variant $var, shape $shape)"
    # the whole report (instruction statistics and the warp-state breakdown included) also goes to ncu-<i>.txt
    ncu --clock-control none --kernel-name "regex:$kern" --launch-skip "${skip:-2}" --launch-count 1 \
        --section SpeedOfLight --section Occupancy --section WarpStateStats --section LaunchStats \
        --section SchedulerStats --section ComputeWorkloadAnalysis --section MemoryWorkloadAnalysis \
        --section InstructionStats --section MemoryWorkloadAnalysis_Tables ${NCU_EXTRA:-} \
        ./jre/bin/java -Xmx24g --enable-native-access=ALL-UNNAMED -cp "lib/*" \
        org.medrobust.models.scan.cuda.CudaScanCheck --no-parity --variants "$var" --shapes "$shape" 2>&1 \
        | tee "$out/ncu-$i.txt" \
        | grep -vE "^\| \(|^copy bandwidth|^\|---|^PARITY|^$|^==PROF==|^    -+ |^device|^random" \
        | grep -E "Duration|Registers|Occupancy|Throughput|Issue|Eligible|Active Warps|Shared Memory Config|Block Limit|Dynamic Shared|Warp Cycles|Issued Ipc|No Eligible|Busy|Stall|ssm_|reduce|One or More|ERROR|WARN|rror" \
        | tee -a "$out/ncu.txt" || true
    # NCU_SOURCE=1: also one launch with per-SASS-instruction execution counts and stall samples (src-<i>.csv)
    if [ "${NCU_SOURCE:-0}" = 1 ]; then
      ncu --clock-control none --kernel-name "regex:$kern" --launch-skip "${skip:-2}" --launch-count 1 \
          --section SourceCounters --section WarpStateStats -f -o "/tmp/ncu-src-$i" \
          ./jre/bin/java -Xmx24g --enable-native-access=ALL-UNNAMED -cp "lib/*" \
          org.medrobust.models.scan.cuda.CudaScanCheck --no-parity --variants "$var" --shapes "$shape" >/dev/null 2>&1 || true
      ncu -i "/tmp/ncu-src-$i.ncu-rep" --page source --csv --print-source sass > "$out/src-$i.csv" 2>&1 || true
    fi
  done
}

# Defaults (override by environment or flags after the command: --shapes, --variants)
SHAPES=${SHAPES:-issue}
VARIANTS=${VARIANTS:-auto}
PARITY_VARIANTS=${PARITY_VARIANTS:-auto,v5-4/f0,v5-4/l256,v5-1/f0/l128}
cmd=${1:-all}
shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --shapes) SHAPES=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --parity-variants) PARITY_VARIANTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

case "$cmd" in
  bundle) bundle ;;
  run) run ;;
  profile) profile ;;
  all) bundle; run ;;
  *) echo "usage: $0 [bundle|run|profile|all] [--shapes S] [--variants V] [--parity-variants P]" >&2; exit 2 ;;
esac
