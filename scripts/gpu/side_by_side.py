"""mamba_ssm's selective_scan (the peer in ../shared/peers/mamba_selective_scan, built on the GPU machine) timed at the
same shapes as CudaScanCheck, then one table with both libraries side by side.

    python3 side_by_side.py PEER_DIR OURS.jsonl DEFAULT_VARIANT [OUT.jsonl]

The shapes are those of OURS.jsonl (CudaScanCheck --json), in its order.

Timing as CudaScanCheck: CUDA-event median of single calls after warm-up (5 warm-up, 30 timed), fwd and bwd timed
separately, fwd+bwd = their sum. Inputs as CudaScanCheck.bigInputs: u, delta, z, B, C uniform(-1, 1), A = -(1 + n),
D ~ N(0, 1), delta_bias uniform(-0.5, 0.5), softplus; B and C (batch, G, N, L)."""
import json, os, statistics, sys
import torch

peer, ours_path, default_variant = sys.argv[1:4]
out_path = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, peer)
from build_mamba import get  # noqa: E402

ext = get()
dev = "cuda"


def per_call_ms(fn, warm=5, reps=30):
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record(); fn(); e.record(); e.synchronize()
        ts.append(s.elapsed_time(e))
    return statistics.median(ts)


def inputs(b, d, n, l, g, seed=0):
    gen = torch.Generator(device=dev).manual_seed(seed)
    uni = lambda *s: torch.rand(*s, device=dev, generator=gen) * 2 - 1
    u, delta, z = uni(b, d, l), uni(b, d, l), uni(b, d, l)
    A = -(1 + torch.arange(n, device=dev, dtype=torch.float32)).repeat(d, 1).contiguous()
    B, C = uni(b, g, n, l), uni(b, g, n, l)
    D = torch.randn(d, device=dev, generator=gen)
    bias = torch.rand(d, device=dev, generator=gen) - 0.5
    dout = torch.randn(b, d, l, device=dev, generator=gen)
    return u, delta, A, B, C, D, z, bias, dout


def mamba(b, d, n, l, g):
    u, delta, A, B, C, D, z, bias, dout = inputs(b, d, n, l, g)
    st = {}

    def fwd():
        st["r"] = ext.fwd(u, delta, A, B, C, D, z, bias, True)

    fwd(); torch.cuda.synchronize()
    out, x, _ = st["r"]
    f = per_call_ms(fwd)
    bw = per_call_ms(lambda: ext.bwd(u, delta, A, B, C, D, z, bias, dout, x, out, None, True, False))
    del u, delta, A, B, C, D, z, bias, dout, out, x, st
    torch.cuda.empty_cache()
    return f, bw


shapes, ours = [], {}
for line in open(ours_path):
    r = json.loads(line)
    if r.get("what") == "medrobust":
        if tuple(r["shape"]) not in ours:
            shapes.append(tuple(r["shape"]))
        ours.setdefault(tuple(r["shape"]), {})[r["variant"]] = r
rows, recs = [], []
met_f = met_fb = 0
for sh in shapes:
    b, d, n, l, g = sh
    mf, mb = mamba(b, d, n, l, g)
    mine = ours.get(sh, {})
    o = mine.get(default_variant)
    best = min(mine.values(), key=lambda r: r["fwd_ms"] + r["bwd_ms"]) if mine else None
    rec = dict(shape=list(sh), mamba_fwd_ms=mf, mamba_bwd_ms=mb)
    if o:
        of, ofb = o["fwd_ms"], o["fwd_ms"] + o["bwd_ms"]
        sf, sfb = mf / of, (mf + mb) / ofb
        met_f += sf >= 1.5
        met_fb += sfb >= 1.2
        rec.update(ours_fwd_ms=of, ours_fwdbwd_ms=ofb, fwd_speedup=sf, fwdbwd_speedup=sfb)
        rows.append(f"| ({b},{d},{n},{l},{g}) | {mf:.4f} | {mf + mb:.4f} | {of:.4f} | {ofb:.4f} | {sf:.2f}x"
                    f"{'' if sf >= 1.5 else ' (miss)'} | {sfb:.2f}x{'' if sfb >= 1.2 else ' (miss)'} |"
                    f" {best['variant']} {best['fwd_ms']:.4f} / {best['fwd_ms'] + best['bwd_ms']:.4f} |")
    else:
        rows.append(f"| ({b},{d},{n},{l},{g}) | {mf:.4f} | {mf + mb:.4f} | - | - | - | - | - |")
    recs.append(rec)
if out_path:
    with open(out_path, "w") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
print(f"\n== side by side ({torch.cuda.get_device_name()}, torch {torch.__version__}); ms, medians of single calls;"
      f" medrobust = variant {default_variant}; speedup = mamba_ssm time / medrobust time; targets fwd >= 1.5x,"
      f" fwd+bwd >= 1.2x")
print("| shape (B,D,N,L,G) | mamba_ssm fwd | mamba_ssm fwd+bwd | medrobust fwd | medrobust fwd+bwd | fwd speedup |"
      " fwd+bwd speedup | best medrobust variant fwd / fwd+bwd |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(r)
print(f"targets met: fwd {met_f}/{len(shapes)}, fwd+bwd {met_fb}/{len(shapes)}")
