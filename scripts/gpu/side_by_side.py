"""mamba_ssm's selective_scan (the peer in ../shared/peers/mamba_selective_scan, built on the GPU machine) timed at the
same shapes as CudaScanCheck, then one table with both libraries side by side.

    python3 side_by_side.py PEER_DIR OURS.jsonl DEFAULT_VARIANT [OUT.jsonl]

The shapes are those of OURS.jsonl (CudaScanCheck --json), in its order.

Timing as CudaScanCheck, for both libraries alike:
- single calls: CUDA-event median of single calls on an idle GPU after warm-up (5 warm-up, 30 timed), fwd and bwd
  timed separately (each timed bwd after an untimed, waited-for fwd), fwd+bwd = their sum; this is mostly launch
  latency and host path at small shapes;
- back to back: b2b_calls calls (100 up to 4 M sequence elements, else 10; the count CudaScanCheck used) queued
  between two CUDA events, per-call mean, median of 5 such batches; fwd alone, and fwd then bwd per call; this is
  the kernel cost a model pays, where many kernels are queued one after another. Inputs as CudaScanCheck.bigInputs: u, delta, z, B, C uniform(-1, 1), A = -(1 + n),
D ~ N(0, 1), delta_bias uniform(-0.5, 0.5), softplus; B and C (batch, G, N, L)."""
import json, os, statistics, sys, time
import torch

peer, ours_path, default_variant = sys.argv[1:4]
out_path = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, peer)
from build_mamba import get  # noqa: E402

ext = get()
dev = "cuda"


def per_call_ms(fn, warm=5, reps=30, prep=None):
    for _ in range(warm):
        if prep:
            prep()
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        if prep:
            prep()
            torch.cuda.synchronize()
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record(); fn(); e.record(); e.synchronize()
        ts.append(s.elapsed_time(e))
    return statistics.median(ts)


def host_us(fn, reps=31):
    """Host microseconds until one call returns (kernels queued, not waited for), median, each on an idle GPU."""
    ts = []
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e6)
    torch.cuda.synchronize()
    return statistics.median(ts)


def back_to_back_ms(fn, calls, reps=5):
    fn(); fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        for _ in range(calls):
            fn()
        e.record(); e.synchronize()
        ts.append(s.elapsed_time(e) / calls)
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


def mamba(b, d, n, l, g, calls):
    u, delta, A, B, C, D, z, bias, dout = inputs(b, d, n, l, g)
    st = {}

    def fwd():
        st["r"] = ext.fwd(u, delta, A, B, C, D, z, bias, True)

    def bwd():  # from the tensors the last fwd saved, as the autograd function does
        out, x, _ = st["r"]
        ext.bwd(u, delta, A, B, C, D, z, bias, dout, x, out, None, True, False)

    def step():
        fwd()
        bwd()

    fwd(); torch.cuda.synchronize()
    f = per_call_ms(fwd)
    bw = per_call_ms(bwd, prep=fwd)
    fb2b = back_to_back_ms(fwd, calls)
    sb2b = back_to_back_ms(step, calls)
    hf = host_us(fwd)
    hb = host_us(bwd)
    del u, delta, A, B, C, D, z, bias, dout, st
    torch.cuda.empty_cache()
    return f, bw, fb2b, sb2b, hf, hb


shapes, ours = [], {}
for line in open(ours_path):
    r = json.loads(line)
    if r.get("what") == "medrobust":
        if tuple(r["shape"]) not in ours:
            shapes.append(tuple(r["shape"]))
        ours.setdefault(tuple(r["shape"]), {})[r["variant"]] = r
def x(ratio, target):
    return f"{ratio:.2f}x{'' if ratio >= target else ' (miss)'}"


rows, rows_b2b, recs = [], [], []
met = dict(f=0, fb=0, f2=0, fb2=0)
for sh in shapes:
    b, d, n, l, g = sh
    mine = ours.get(sh, {})
    o = mine.get(default_variant)
    calls = o["b2b_calls"] if o else 10
    mf, mb, mf2, mfb2, hf, hb = mamba(b, d, n, l, g, calls)
    best = min(mine.values(), key=lambda r: r["fwd_ms"] + r["bwd_ms"]) if mine else None
    rec = dict(shape=list(sh), mamba_fwd_ms=mf, mamba_bwd_ms=mb, b2b_calls=calls, mamba_fwd_b2b_ms=mf2,
               mamba_fwdbwd_b2b_ms=mfb2, mamba_host_fwd_us=hf, mamba_host_bwd_us=hb)
    name = f"({b},{d},{n},{l},{g})"
    if o:
        of, ofb, of2, ofb2 = o["fwd_ms"], o["fwd_ms"] + o["bwd_ms"], o["fwd_b2b_ms"], o["fwdbwd_b2b_ms"]
        sf, sfb, sf2, sfb2 = mf / of, (mf + mb) / ofb, mf2 / of2, mfb2 / ofb2
        met["f"] += sf >= 1.5
        met["fb"] += sfb >= 1.2
        met["f2"] += sf2 >= 1.5
        met["fb2"] += sfb2 >= 1.2
        rec.update(ours_fwd_ms=of, ours_fwdbwd_ms=ofb, fwd_speedup=sf, fwdbwd_speedup=sfb, ours_fwd_b2b_ms=of2,
                   ours_fwdbwd_b2b_ms=ofb2, fwd_b2b_speedup=sf2, fwdbwd_b2b_speedup=sfb2)
        rows.append(f"| {name} | {mf:.4f} | {mf + mb:.4f} | {of:.4f} | {ofb:.4f} | {x(sf, 1.5)} | {x(sfb, 1.2)} |"
                    f" {best['variant']} {best['fwd_ms']:.4f} / {best['fwd_ms'] + best['bwd_ms']:.4f} |")
        rows_b2b.append(f"| {name} | {calls} | {mf2:.4f} | {mfb2:.4f} | {of2:.4f} | {ofb2:.4f} | {x(sf2, 1.5)} |"
                        f" {x(sfb2, 1.2)} | {hf:.1f} / {hb:.1f} | {o.get('host_fwd_us', 0):.1f} /"
                        f" {o.get('host_bwd_us', 0):.1f} | {o.get('driver_calls', '-')} |")
    else:
        rows.append(f"| {name} | {mf:.4f} | {mf + mb:.4f} | - | - | - | - | - |")
        rows_b2b.append(f"| {name} | {calls} | {mf2:.4f} | {mfb2:.4f} | - | - | - | - | {hf:.1f} / {hb:.1f} | - | - |")
    recs.append(rec)
if out_path:
    with open(out_path, "w") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
print(f"\n== side by side ({torch.cuda.get_device_name()}, torch {torch.__version__}); ms, medians of single calls"
      f" on an idle GPU (launch latency + host path + kernel); medrobust = variant {default_variant}; speedup ="
      f" mamba_ssm time / medrobust time; targets fwd >= 1.5x, fwd+bwd >= 1.2x")
print("| shape (B,D,N,L,G) | mamba_ssm fwd | mamba_ssm fwd+bwd | medrobust fwd | medrobust fwd+bwd | fwd speedup |"
      " fwd+bwd speedup | best medrobust variant fwd / fwd+bwd |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(r)
print(f"targets met (single calls): fwd {met['f']}/{len(shapes)}, fwd+bwd {met['fb']}/{len(shapes)}")
print(f"\n== back to back (same run): ms per call, calls queued between two CUDA events, median of 5 batches (the"
      f" kernel cost inside a model's stream of kernels); fwd+bwd = a forward then a backward per call; driver calls"
      f" = medrobust's launches (L) and memsets (M) of one forward / one backward after it; host us = microseconds"
      f" until one call returns on an idle GPU (median of 31)")
print("| shape (B,D,N,L,G) | calls | mamba_ssm fwd | mamba_ssm fwd+bwd | medrobust fwd | medrobust fwd+bwd |"
      " fwd speedup | fwd+bwd speedup | mamba_ssm host us fwd / bwd | medrobust host us fwd / bwd |"
      " medrobust driver calls fwd / bwd |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows_b2b:
    print(r)
print(f"targets met (back to back): fwd {met['f2']}/{len(shapes)}, fwd+bwd {met['fb2']}/{len(shapes)}")
