#!/usr/bin/env bash
# GPU check of the selective-scan CUDA backend (docs/selective-scan.md).
#
#   scripts/gpu-scan-check.sh bundle   # on a build machine (JDK 25 + Maven, nvcc optional): builds gpu-bundle/
#                                      #   = jlink runtime + scan module jar (classes, PTX) + datasets jar + golden cases
#   scripts/gpu-scan-check.sh run      # on a CUDA machine, no JDK needed: parity (golden + fresh random cases,
#                                      #   outputs poisoned) then benchmark; prints one table. Exit 1 on parity failure.
#   scripts/gpu-scan-check.sh profile  # on the CUDA machine: Nsight Compute sections of the forward/backward kernels
#   scripts/gpu-scan-check.sh          # bundle + run (a machine with a JDK and a GPU)
#
# Environment: GPU_BUNDLE (default <repo>/gpu-bundle), JAVA_HOME (bundle step), MEDROBUST_SHARED (default
# <repo>/../shared), SCAN_VARIANTS (forward states-per-thread variants to time, default v1,v3-4,v3-8,v4-4,v5-2,v5-4,v5-8,v5-16: forward version - states per thread), SKIP_EAGER=1 to skip
# the PyTorch eager per-step baseline (it needs python3 with torch on the GPU machine), EAGER_MAX_FWDBWD_L (skip the
# eager forward+backward above this L), NCU_KERNELS ("kernel:variant ..." for profile).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=${GPU_BUNDLE:-$ROOT/gpu-bundle}

bundle() {
  export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  local shared=${MEDROBUST_SHARED:-$ROOT/../shared}
  local src=$ROOT/scan/src/main
  # The scan module's jar (scan classes + PTX, no DJL) and the datasets jar (npz reader), both through Maven; the
  # scan module's cuda-ptx profile regenerates the PTX from the .cu wherever nvcc exists.
  (cd "$ROOT" && mvn -B -o -q -pl scan -am package -DskipTests)
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/lib" "$BUNDLE/golden"
  cp "$(ls "$ROOT"/scan/target/medrobust-scan-*.jar | grep -v tests | head -1)" "$BUNDLE/lib/medrobust-scan.jar"
  "$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.incubator.vector --strip-debug --no-header-files \
      --no-man-pages --compress=zip-9 --output "$BUNDLE/jre"
  cp "$ROOT"/datasets/target/medrobust-datasets-*.jar "$BUNDLE/lib/"
  cp "$shared"/golden/selective_scan/*.npz "$shared"/golden/selective_scan/index.json "$BUNDLE/golden/"
  cp "$ROOT"/scripts/gpu/eager_baseline.py "$src/cuda/selective_scan.cu" "$BUNDLE/"
  cp "$ROOT/scripts/gpu-scan-check.sh" "$BUNDLE/"
  du -sh "$BUNDLE"
}

run() {
  cd "$BUNDLE"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm,clocks.mem --format=csv || true
  if command -v nvcc >/dev/null; then
    echo "== ptxas resource report (sm_90)"
    nvcc -cubin -arch=sm_90 -O3 -Xptxas -v -o /tmp/selective_scan.cubin selective_scan.cu 2>&1 \
      | grep -E "Compiling entry|registers|spill" | paste - - - | sed -E 's/ptxas info *: //g' | cut -c1-220 || true
  fi
  local status=0
  echo "== CUDA backend parity + benchmark (Java $(./jre/bin/java -version 2>&1 | head -1))"
  ./jre/bin/java -Xmx24g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "lib/*" \
      org.medrobust.models.scan.cuda.CudaScanCheck golden --variants "${SCAN_VARIANTS:-v1,v3-4,v3-8,v4-4,v5-2,v5-4,v5-8,v5-16}" || status=$?
  if [ "${SKIP_EAGER:-0}" != 1 ] && python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    echo "== eager per-step loop (PyTorch, same shapes)"
    python3 eager_baseline.py || true
  fi
  return $status
}

# Nsight Compute on the 4-states-per-thread kernels of the large shape (no parity; one launch of each kernel).
profile() {
  cd "$BUNDLE"
  local k
  for k in ${NCU_KERNELS:-ssm_fwd_v5_nt4_s4:v5-4 ssm_fwd_nt4:v3-4 ssm_bwd_nt4:v5-4}; do
    echo "== ncu ${k%%:*} (variant ${k##*:})"
    ncu --clock-control none --kernel-name "${k%%:*}" --launch-skip 2 --launch-count 1 \
        --section SpeedOfLight --section Occupancy --section WarpStateStats --section MemoryWorkloadAnalysis \
        --section LaunchStats --section ComputeWorkloadAnalysis \
        ./jre/bin/java -Xmx24g --enable-native-access=ALL-UNNAMED -cp "lib/*" \
        org.medrobust.models.scan.cuda.CudaScanCheck --no-parity --variants "${k##*:}" 2>&1 \
        | grep -vE "^\| \(|^copy bandwidth|^\|---|^PARITY|^$" || true
  done
}

case "${1:-all}" in
  bundle) bundle ;;
  run) run ;;
  profile) profile ;;
  all) bundle; run ;;
  *) echo "usage: $0 [bundle|run|all]" >&2; exit 2 ;;
esac
