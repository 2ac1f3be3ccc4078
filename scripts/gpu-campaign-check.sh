#!/usr/bin/env bash
# GPU-hosted campaigns (docs/gpu.md): one device call builds DJL's PyTorch JNI and medrobust's torch shim against the
# GPU machine's own PyTorch, checks GPU against CPU, runs the default campaign twice on the GPU (report.json must be
# byte-identical), times a PGD-20 campaign on the 624 PneumoniaMNIST test images and benchmarks throughput.
#
#   scripts/gpu-campaign-check.sh bundle   # build machine (JDK 25 + Maven): gpu-bundle-18/ (jlink runtime with include/,
#                                          #   the application's jars without pytorch-native-cpu and ONNX Runtime's
#                                          #   natives, DJL's JNI source, the shim source)
#   scripts/gpu-campaign-check.sh run      # GPU machine with PyTorch (CUDA), g++, no JDK, no internet
#
# The zoo's weights (*.params, *.card.json) and the scan's PTX are left out of the jars: the run puts the travelling
# checkout's models/src/main/resources and scan/src/main/resources on the class path instead (they travel anyway).
# Environment: GPU_BUNDLE (default <repo>/gpu-bundle-18), MEDROBUST_SHARED (default <repo>/../shared), OUT, STEPS
# (default "parity errors campaign pgd throughput"; also train, benchmodels, cputhroughput, cpuwait, pack).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${GPU_BUNDLE:-$ROOT/gpu-bundle-18}

bundle() {
  set -e
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  local shared=${MEDROBUST_SHARED:-$ROOT/../shared}
  [ -f "$ROOT/suite/target/medrobust.jar" ] || (cd "$ROOT" && mvn -B -o -q -pl suite -am package -DskipTests)
  rm -rf "$BUNDLE" && mkdir -p "$BUNDLE/models"
  # jdk.management: com.sun.management's process CPU time (bench models' cells)
  local modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.management,jdk.unsupported,jdk.incubator.vector
  local cache="$ROOT/build/jre-app-$("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | tr -cd 'A-Za-z0-9.')-$(echo $modules | md5sum | cut -c1-8)"
  if [ ! -f "$cache/jre.tar.xz" ]; then
    rm -rf "$cache" && mkdir -p "$cache"
    # include/ stays (no --no-header-files): DJL's JNI is compiled against its jni.h on the GPU machine
    # uncompressed modules pack smaller in xz; the X11 window toolkit, sound and splash screen natives are left out
    # (headless charts and ImageIO do not load them)
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --compress=zip-0 \
        --exclude-files='**libsplashscreen.so,**libawt_xawt.so,**libjsound.so' --output "$cache/jre"
    strip --strip-unneeded "$cache/jre/lib/server/libjvm.so" 2>/dev/null || true
    (cd "$cache" && tar cf - jre | xz -9e -T2 > jre.tar.xz)
  fi
  cp "$cache/jre.tar.xz" "$BUNDLE/"
  local stage; stage=$(mktemp -d)
  cp "$ROOT/suite/target/medrobust.jar" "$stage/"
  for j in "$ROOT"/suite/target/lib/*.jar; do
    case "$(basename "$j")" in pytorch-native-cpu-*|junit-*|hamcrest-*) continue ;; esac  # graphics2d stays: the dossier draws with it
    cp "$j" "$stage/"
  done
  chmod u+w "$stage"/*.jar
  zip -q -d "$stage"/onnxruntime-*.jar 'ai/onnxruntime/native/*' || true      # ONNX stays on the CPU (unused here)
  zip -q -d "$stage"/medrobust-models-*.jar 'org/medrobust/models/zoo/*.params' 'org/medrobust/models/zoo/*.card.json' || true
  # every medrobust jar: a stale target/classes (e.g. models/ from before the scan module split) can carry an old PTX
  # that would shadow the checkout's (cuModuleGetFunction then fails with CUDA_ERROR_NOT_FOUND)
  for j in "$stage"/medrobust-*.jar; do zip -q -d "$j" '*.ptx' '*.ptx.gz' >/dev/null 2>&1 || true; done
  zip -q -d "$stage"/pytorch-jni-*.jar 'jnilib/*.so' || true   # DJL's stock JNI: the run builds its own
  local jna; jna=$(ls "$stage"/jna-*.jar)   # JNA's natives for other platforms
  unzip -Z1 "$jna" | grep -E '^com/sun/jna/[^/]+/libjnidispatch' | grep -v '/linux-x86-64/' | xargs zip -q -d "$jna" || true
  # stored (not deflated) jars inside one xz stream pack about twice as small as the jars themselves
  for j in "$stage"/*.jar; do
    local x; x=$(mktemp -d); (cd "$x" && unzip -q "$j" && rm -f "$j" && zip -q -0 -X -r "$j" .); rm -rf "$x"
  done
  (cd "$stage" && tar cf - *.jar | xz -9e -T2 > "$BUNDLE/app.tar.xz")
  rm -rf "$stage"
  cp -r "$shared/third_party/djl-pytorch-jni-0.36.0" "$BUNDLE/jni" && chmod -R u+w "$BUNDLE/jni"
  cp "$ROOT/models/src/main/cpp/medrobust_torch_shim.cc" "$ROOT/scripts/gpu-campaign-check.sh" "$BUNDLE/"
  cp "$shared"/models/external/*.torchscript.pt "$BUNDLE/models/"
  # a host without fonts (the GPU image has none) cannot draw the report's charts: one font travels
  mkdir -p "$BUNDLE/fonts" && cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$BUNDLE/fonts/"
  du -sh "$BUNDLE"; ls -la "$BUNDLE"
}

run() {
  cd "$BUNDLE"
  local out=${OUT:-$BUNDLE/out}; mkdir -p "$out"
  local repo; repo=$(cd "$BUNDLE/.." && pwd)   # the travelling checkout: zoo weights and PTX from its resources
  local t0=$SECONDS
  # Idempotent, so the work can span two device calls on one warm machine (the runtime and the application together
  # exceed what one call carries beside the checkout): unpack whatever archive came, build the natives once.
  # The unpacked runtime, application and natives live in STATE (default /tmp/medrobust-gpu18), outside the checkout:
  # the device tool replaces the carried folder on every call, /tmp stays while the machine is held.
  local state=${STATE:-/tmp/medrobust-gpu18}; mkdir -p "$state"
  if [ -f jre.tar.xz ] && [ ! -x "$state/jre/bin/java" ]; then xz -dc jre.tar.xz | tar xf - -C "$state"; fi
  if [ -f app.tar.xz ] && [ ! -f "$state/app/medrobust.jar" ]; then mkdir -p "$state/app" && xz -dc app.tar.xz | tar xf - -C "$state/app"; fi
  [ -d jni ] && [ ! -d "$state/jni" ] && cp -r jni medrobust_torch_shim.cc "$state/"
  cd "$state"
  [ -x jre/bin/java ] || { echo "no Java runtime in $state/jre: carry jre.tar.xz (first call)"; return 3; }
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  local T V F
  T=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')
  V=$(python3 -c 'import torch;print(torch.__version__.split("+")[0])')
  F=$(python3 -c 'import torch;print("cu"+torch.version.cuda.replace(".",""))')
  mkdir -p native
  if [ ! -f native/libdjl_torch.so ] || [ ! -f native/libmedrobust_torch_shim.so ]; then
    local EXTRA=""; for d in /usr/local/cuda/include "$T"/../nvidia/cu13/include "$T"/../nvidia/*/include; do [ -d "$d" ] && EXTRA="$EXTRA -I$d"; done
    echo "== building DJL's JNI and the torch shim against torch $V ($F) in $T"
    (EXTRA_INC="$EXTRA" JOBS=14 JNI_HOME=$state/jre bash jni/build_jni.sh "$T" "$state/native/libdjl_torch.so" cuda > native/jni.log 2>&1) &
    local jni=$!
    local shimflags="-O2 -fPIC -shared -std=c++20 -w -D_GLIBCXX_USE_CXX11_ABI=1 -I$T/include -I$T/include/torch/csrc/api/include $EXTRA"
    local shimlibs="-L$T/lib -Wl,--no-as-needed -lc10 -lc10_cuda -ltorch_cpu -ltorch_cuda -Wl,-rpath,$T/lib"
    if ! g++ $shimflags medrobust_torch_shim.cc -o native/libmedrobust_torch_shim.so $shimlibs 2> native/shim.log; then
      echo "shim: full build failed, retrying without the TF32 switches and memory statistics:"; grep -m5 error native/shim.log
      g++ $shimflags -DMEDROBUST_NO_TF32_SWITCH -DMEDROBUST_NO_MEMORY_STATS medrobust_torch_shim.cc -o native/libmedrobust_torch_shim.so $shimlibs 2>> native/shim.log \
        || { echo "shim: build FAILED (Mamba scans fall back to the per-step DJL scan):"; grep -m10 error native/shim.log; }
    fi
    wait $jni; grep -E "FAIL|LINKED|NOT LINKED" native/jni.log | head; grep -A5 "=== errors" native/jni.log | head -20
    echo "natives built in $((SECONDS - t0)) s"
  fi
  [ -f app/medrobust.jar ] || { echo "prepared (runtime, natives); carry app.tar.xz next"; return 0; }
  export PYTORCH_LIBRARY_PATH=$T/lib PYTORCH_VERSION=$V PYTORCH_FLAVOR=$F DJL_CACHE_DIR=/tmp/djl-cache
  export CUBLAS_WORKSPACE_CONFIG=:4096:8 MEDROBUST_TORCH_SHIM=$state/native/libmedrobust_torch_shim.so
  if [ -z "$(fc-list 2>/dev/null | head -1)" ] && [ -d "$BUNDLE/fonts" ]; then
    mkdir -p "$state/fonts" && cp "$BUNDLE"/fonts/*.ttf "$state/fonts/" && mkdir -p jre/lib/fonts && cp "$BUNDLE"/fonts/*.ttf jre/lib/fonts/
    printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>/tmp/fc-cache</cachedir></fontconfig>\n' "$state/fonts" > "$state/fonts.conf"
    export FONTCONFIG_FILE=$state/fonts.conf
  fi
  # Installed once, by rename: a second invocation running beside the first (e.g. steps in parallel) must not rewrite
  # the library in place. cp truncates the file, and the kernel then drops even the relocated (copy-on-write) pages of
  # every process that has it mapped: they come back from the file unrelocated, and the next call through the JNI's
  # GOT jumps to a link-time offset (SIGSEGV at pc=0x22720 in trainings and CPU cells running beside, stop 11).
  local lib=$DJL_CACHE_DIR/pytorch/$V-$F-linux-x86_64/0.36.0-libdjl_torch.so
  mkdir -p "$(dirname "$lib")"
  cmp -s native/libdjl_torch.so "$lib" || { cp native/libdjl_torch.so "$lib.$$" && mv -f "$lib.$$" "$lib"; }
  local cp="app/*:$repo/models/src/main/resources:$repo/scan/src/main/resources"
  local java=(./jre/bin/java -Xmx24g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
              --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$cp")
  local cli=("${java[@]}" org.medrobust.suite.cli.MedrobustCli)
  local status=0 step s
  for step in ${STEPS:-parity errors campaign pgd throughput}; do
    s=$SECONDS
    case $step in
      parity)
        echo "== GPU vs CPU: logits and input gradients"
        "${java[@]}" org.medrobust.suite.gpu.DeviceParityCheck $BUNDLE/models/pneumonia_cnn.torchscript.pt \
            $BUNDLE/models/pneumonia_vit.torchscript.pt 2>&1 | grep -v "^WARNING" | tee "$out/parity.txt"
        grep -q "DEVICE PARITY OK" "$out/parity.txt" || status=1 ;;
      errors)
        echo "== one-line errors: no GPU visible; no JNI for this libtorch"
        CUDA_VISIBLE_DEVICES= "${cli[@]}" run --device gpu --out /tmp/e1 2>&1 | tail -2; echo "exit ${PIPESTATUS[0]}"
        env -u PYTORCH_LIBRARY_PATH -u PYTORCH_VERSION -u PYTORCH_FLAVOR DJL_CACHE_DIR=/tmp/empty-cache \
            "${cli[@]}" run --device gpu --out /tmp/e2 2>&1 | tail -2; echo "exit ${PIPESTATUS[0]}" ;;
      campaign)
        for r in 1 2; do
          echo "== default campaign on the GPU, run $r"
          /usr/bin/time -f "wall %e s, peak RSS %M KB" "${cli[@]}" run --device gpu --out /tmp/gpu$r 2>&1 \
              | grep -v "^WARNING\|^\[" | tail -40
          cp /tmp/gpu$r/report.json "$out/report-gpu$r.json"
        done
        cp /tmp/gpu1/environment.json "$out/environment-gpu1.json"
        cmp /tmp/gpu1/report.json /tmp/gpu2/report.json && echo "REPORT IDENTICAL (two GPU runs)" \
            || { echo "REPORT DIFFERS"; status=1; } ;;
      pgd)
        echo "== PGD-20 (L-inf 1/255) on all 624 test images, five zoo models, GPU"
        cat > /tmp/pgd20.yaml <<'YAML'
name: pgd20
seed: 20261126
batchSize: 208
data:
  - source: builtin:pneumoniamnist
    split: test
models:
  - source: builtin:cnn_pneumonia
  - source: builtin:vit_pneumonia
  - source: builtin:vim_pneumonia
  - source: builtin:vmamba_pneumonia
  - source: builtin:medmamba_pneumonia
threats:
  - {id: pgd_linf, severities: [1], parameters: {steps: 20}}
YAML
        "${cli[@]}" run --device gpu --config /tmp/pgd20.yaml --out /tmp/pgd20 2>&1 | grep -v "^WARNING\|^\[" | tail -12
        cp /tmp/pgd20/environment.json "$out/environment-pgd20.json"; cp /tmp/pgd20/report.json "$out/report-pgd20.json"
        python3 -c "import json;e=json.load(open('/tmp/pgd20/environment.json'));[print(k,v) for k,v in e['scenarioSeconds'].items()]" ;;
      train)
        # issue 16: the zoo's retraining on the GPU (train --device gpu), jobs in parallel on the one GPU.
        # $BUNDLE/train-jobs.txt: one job a line, "<id> <max epochs> <warm-up epochs> <patience> <other train options>";
        # @DATA@ = $BUNDLE/data.
        # A probe (every job for 1 epoch on the first 256 images of each split, in parallel) times an epoch, then each
        # job runs min(max epochs, what fits TRAIN_SECONDS) epochs: the printed command is the one that ran.
        train_jobs "$out" "${cli[@]}" || status=1 ;;
      benchmodels)
        echo "== bench models on the GPU"
        timeout ${BENCH_SECONDS:-330} "${cli[@]}" bench models --device gpu --max-memory-gb 130 ${BENCH_MODELS:+--models $BENCH_MODELS} --out /tmp/benchgpu 2>&1 \
            | grep -v "^WARNING" | tee "$out/bench-models-gpu.txt"
        (cd /tmp/benchgpu 2>/dev/null && tar czf "$out/bench-models-gpu.tgz" bench.json index.html) ;;
      cputhroughput)
        # CPU cells at 64 and 224 px on this machine's CPU (one libtorch thread, each family pinned to its own core,
        # in the background: they end with the call). Lines land in $out/cpu-throughput-<family>.txt as measured.
        # CPU_BATCH (default 64): a batch of 64 at 224 px takes minutes per pass on one core (vim, vit).
        # Their process ids go to $state/cpu-cells.pids: step cpuwait waits for them.
        : > "$state/cpu-cells.pids"
        for f in cnn vit vim vmamba medmamba; do
          local core=$(( ${CPU_FIRST_CORE:-11} + $(echo cnn vit vim vmamba medmamba | tr ' ' '\n' | grep -n "^$f$" | cut -d: -f1) - 1 ))
          # detached (not this shell's child: the train step's wait must not wait for them)
          (taskset -c $core "${cli[@]}" bench throughput --device cpu --models $f --resolutions ${CPU_RESOLUTIONS:-64,224} \
              --batch ${CPU_BATCH:-64} --repeats ${CPU_REPEATS:-3} > "$out/cpu-throughput-$f.txt" 2>&1 &
           echo $! >> "$state/cpu-cells.pids")
        done
        echo "CPU throughput started on cores ${CPU_FIRST_CORE:-11}-$(( ${CPU_FIRST_CORE:-11} + 4 ))" ;;
      cpuwait)
        # the cells of step cputhroughput, at most CPU_WAIT_SECONDS (default 120) more; by process id, not by a
        # pattern (pgrep -f matches the device call's own command line, which names the pattern)
        local deadline=$((SECONDS + ${CPU_WAIT_SECONDS:-120})) p alive=1
        while [ $alive = 1 ] && [ $SECONDS -lt $deadline ]; do
          alive=0; for p in $(cat "$state/cpu-cells.pids" 2>/dev/null); do kill -0 "$p" 2>/dev/null && alive=1; done
          [ $alive = 0 ] || sleep 3
        done
        [ $alive = 0 ] || echo "CPU cells still running after ${CPU_WAIT_SECONDS:-120} s: what they measured so far"
        grep -h "^| [a-z]" "$out"/cpu-throughput-*.txt | grep -v "^| family"
        grep -l "fatal error" "$out"/cpu-throughput-*.txt 2>/dev/null | sed 's/^/crashed: /' ;;
      pack)
        # the device tool brings back at most 8 files: everything but the weights into one archive
        (cd "$out" && tar czf /tmp/results.tgz --exclude='params*.tar' --exclude=results.tgz . \
            && find . -mindepth 1 -maxdepth 1 ! -name 'params*.tar' -exec rm -rf {} + && mv /tmp/results.tgz .)
        ls -la "$out" ;;
      throughput)
        echo "== throughput, batch 64"
        "${cli[@]}" bench throughput --device gpu --resolutions 28,64,224 --batch 64 --repeats 10 2>&1 \
            | grep -v "^WARNING" | tee "$out/throughput.txt" ;;
    esac
    echo "($step: $((SECONDS - s)) s)"
  done
  return $status
}

# train_jobs OUT JAVA-CLI...: see the 'train' step.
train_jobs() {
  local out=$1; shift
  local cli=("$@") jobs="$BUNDLE/train-jobs.txt" dir=/tmp/trained probe=/tmp/probe
  [ -f "$jobs" ] || { echo "no $jobs"; return 1; }
  rm -rf "$probe" && mkdir -p "$dir" "$probe"
  local t0=$SECONDS budget=${TRAIN_SECONDS:-480} id max warm pat opts
  while [ "${TRAIN_PROBE:-1}" = 1 ] && read -r id max warm pat opts; do
    [ -z "$id" ] || [ "${id:0:1}" = "#" ] && continue
    opts=${opts//@DATA@/$BUNDLE/data}
    "${cli[@]}" train --device gpu --id "$id" --out "$probe" $opts --epochs 1 --patience 0 --limit 256 \
        > "$probe/$id.log" 2>&1 &
  done < "$jobs"
  wait
  local spent=$((SECONDS - t0)); echo "probe: $spent s"
  while read -r id max warm pat opts; do
    [ -z "$id" ] || [ "${id:0:1}" = "#" ] && continue
    opts=${opts//@DATA@/$BUNDLE/data}
    # seconds per epoch of the full splits = the probe's seconds scaled by images (train + val)
    local per epochs
    if [ "${TRAIN_PROBE:-1}" = 0 ]; then per=0; full=1; else
    per=$(python3 -c "
import json,sys
c=json.load(open('$probe/$id.card.json')); m=c['metrics']
seen=m['train']['samples']+m['val']['samples']
print(c['training']['seconds']/seen)" 2>/dev/null) || { echo "$id: probe failed"; tail -5 "$probe/$id.log"; continue; }
    local full; full=$(python3 - "$opts" <<'PY'
import sys
o=sys.argv[1].split()
d=o[o.index('--data')+1]
if d=='builtin:phantom': print(3000+500)
else:
    import zipfile,ast
    z=zipfile.ZipFile(d); n=0
    for k in ('train_labels.npy','val_labels.npy'):
        h=z.open(k).read(256); n+=ast.literal_eval(h[10:h.index(b'}')+1].decode())['shape'][0]
    print(n)
PY
); fi
    epochs=$max
    [ "$per" = 0 ] || epochs=$(python3 -c "import math;print(max($warm+1,min($max,int(($budget-$spent-40)/($per*$full*1.15)))))")
    opts="--epochs $epochs --warmup $warm --patience $pat $opts"
    echo "$id: $(python3 -c "print(round($per*$full,1))") s per epoch (probe) -> --epochs $epochs"
    echo "train --device gpu --id $id $opts" | sed "s|$BUNDLE/data|\$D|g" >> "$dir/commands.txt"
    # every job ends by the budget (a job cut short writes nothing), so the finished ones always come back packed
    (/usr/bin/time -f "$id: wall %e s" timeout $((budget - (SECONDS - t0))) "${cli[@]}" train --device gpu --id "$id" --out "$dir" $opts \
        > "$dir/$id.log" 2>&1; tail -8 "$dir/$id.log" | grep -v "^test") &
  done < "$jobs"
  wait
  echo "training done in $((SECONDS - t0)) s"
  (cd "$dir" && tar czf "$out/cards.tgz" *.card.json *.log commands.txt)
  local i=0 batch=()
  for f in "$dir"/*.params; do
    batch+=("$(basename "$f")")
    if [ ${#batch[@]} -eq 5 ]; then (cd "$dir" && tar cf "$out/params$i.tar" "${batch[@]}"); i=$((i+1)); batch=(); fi
  done
  [ ${#batch[@]} -gt 0 ] && (cd "$dir" && tar cf "$out/params$i.tar" "${batch[@]}")
  ls -la "$out"
}

case "${1:-}" in
  bundle) bundle ;;
  run) run ;;
  *) echo "usage: $0 bundle|run" >&2; exit 2 ;;
esac
