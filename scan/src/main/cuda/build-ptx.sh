#!/usr/bin/env bash
# Regenerates the committed PTX from the CUDA source, only when the source changed (the cuda-ptx profile runs it).
# Why the guard: nvcc is not deterministic here (two builds of one source gave PTX with other register numbers), so
# regenerating on every build dirtied the checkout. The PTX's first line records the source's SHA-256; a match means
# the PTX is that source's and nothing runs. ScanCudaTest.shippedPtxIsBuiltFromTheCurrentCudaSource fails where the two
# disagree (e.g. on a machine without nvcc after an edit of the .cu).
# The PTX is stored gzip-compressed (12.7 MB of text, 2.5 MB packed; gzip -n: no name or time, so the same text gives
# the same bytes); CudaSelectiveScan.ptx() unpacks it.
# usage: build-ptx.sh NVCC ARCH SOURCE PTX.gz
set -euo pipefail
nvcc=$1 arch=$2 source=$3 ptx=$4
header="// medrobust: generated from selective_scan.cu sha256 $(sha256sum "$source" | cut -d' ' -f1)"
if [ -f "$ptx" ] && [ "$(gzip -dc "$ptx" | head -1)" = "$header" ]; then
  exit 0
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$nvcc" -ptx "-arch=$arch" -O3 -std=c++17 -o "$tmp" "$source"
{ echo "$header"; cat "$tmp"; } | gzip -9n > "$ptx"
echo "build-ptx.sh: regenerated $ptx (commit it with the .cu)"
