"""Build mamba_ssm's selective_scan for fp16 and bf16 inputs (float32 weights and state, as mamba_ssm runs its own
models), the peer of our `:f16` / `:bf16` kernels in the side-by-side table.

    python3 build_mamba_typed.py PEER_DIR      # builds; prints "BUILD OK typed <seconds>" (or "BUILD typed FAILED")

The shared peer (PEER_DIR = ../shared/peers/mamba_selective_scan) is built for fp32 only (`build_mamba.py`, its
dispatch reduced to float). This script leaves it untouched and writes, into the build directory, the same kind of
sources for the two 16-bit input types: one translation unit per (threads, items, type) launch configuration
(the configurations of upstream's dispatch; parallel build), one dispatch unit per type, and the peer's binding
with its input-type dispatch naming Half and BFloat16. The kernel code is upstream's (csrc/selective_scan), the flags
are build_mamba.py's. Only real weights (float); a float32 call on this extension fails by design."""
import os, re, sys, time

TYPES = {"half": "at::Half", "bf16": "at::BFloat16"}
# upstream's launch configurations (selective_scan_{fwd,bwd}_cuda without USE_ROCM)
CONFIGS = [(32, 4), (32, 8), (32, 16), (64, 16), (128, 16)]
DIRECTIONS = {"fwd": "SSMParamsBase", "bwd": "SSMParamsBwd"}

ITYPE_DISPATCH = r"""#define DISPATCH_ITYPE_FLOAT_AND_HALF_AND_BF16(ITYPE, NAME, ...)                    \
    if (ITYPE == at::ScalarType::Half) {                                            \
        using input_t = at::Half;                                                   \
        __VA_ARGS__();                                                              \
    } else if (ITYPE == at::ScalarType::BFloat16) {                                 \
        using input_t = at::BFloat16;                                               \
        __VA_ARGS__();                                                              \
    } else {                                                                        \
        AT_ERROR(#NAME, " not implemented for input type '", toString(ITYPE), "'"); \
    }

"""


def write(path, text):
    """Unchanged files keep their time stamps, so a second load (the side-by-side's) reuses the build."""
    if os.path.exists(path) and open(path).read() == text:
        return
    with open(path, "w") as fh:
        fh.write(text)


def sources(peer, src):
    """The generated sources in src; returns their paths."""
    os.makedirs(src, exist_ok=True)
    binding = open(os.path.join(peer, "selective_scan_fp32.cpp")).read()
    binding, n = re.subn(r"#define DISPATCH_ITYPE_FLOAT_AND_HALF_AND_BF16\(.*?\n\n", lambda m: ITYPE_DISPATCH,
                         binding, count=1, flags=re.S)
    if n != 1:
        raise SystemExit(f"{peer}/selective_scan_fp32.cpp: its input-type dispatch macro was not found")
    binding = re.sub(r"// PEER EDIT: .*", "// medrobust (build_mamba_typed.py): fp16/bf16 inputs, float weights; else as"
                     " upstream e9594ce.", binding, count=1)
    paths = [os.path.join(src, "selective_scan_typed.cpp")]
    write(paths[0], binding)
    for direction, params in DIRECTIONS.items():
        header = f'#include "selective_scan_{direction}_kernel.cuh"\n'
        for tname, ctype in TYPES.items():
            launches = [f"selective_scan_{direction}_launch<{t}, {i}, {ctype}, float>({params} &params, cudaStream_t stream)"
                        for t, i in CONFIGS]
            for (t, i), launch in zip(CONFIGS, launches):
                paths.append(os.path.join(src, f"{direction}_launch_{t}_{i}_{tname}.cu"))
                write(paths[-1], header + f"template void {launch};\n")
            paths.append(os.path.join(src, f"{direction}_dispatch_{tname}.cu"))
            write(paths[-1], header + "".join(f"extern template void {launch};\n" for launch in launches)
                  + f"template void selective_scan_{direction}_cuda<{ctype}, float>({params} &params, cudaStream_t stream);\n")
    return paths


def get(peer, verbose=False):
    sys.path.insert(0, peer)
    from build_mamba import NVCC, BUILD  # the peer's flags and build root
    from torch.utils.cpp_extension import load
    bdir = os.path.join(BUILD, "typed")
    srcs = sources(peer, os.path.join(bdir, "src"))
    return load(name="selective_scan_cuda_typed", sources=srcs, extra_cflags=["-O3", "-std=c++17"],
                extra_cuda_cflags=NVCC, extra_include_paths=[os.path.join(peer, "csrc", "selective_scan")],
                build_directory=bdir, verbose=verbose)


if __name__ == "__main__":
    t0 = time.time()
    try:
        m = get(os.path.abspath(sys.argv[1]), verbose=True)
    except Exception as e:  # noqa: BLE001
        print(f"BUILD typed FAILED after {time.time() - t0:.1f}s: {e}", flush=True)
        sys.exit(1)
    print(f"BUILD OK typed {time.time() - t0:.1f}s {m.__file__}", flush=True)
