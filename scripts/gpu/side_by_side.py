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
  the kernel cost a model pays, where many kernels are queued one after another.
- medrobust's forward columns time a forward with dout bound: it also zeroes the gradients the next backward
  accumulates into (mamba_ssm's backward allocates them zeroed, in its own time). The inference columns (CudaScanCheck's
  fwd_infer_ms / fwd_infer_b2b_ms) time the same inputs with dout unbound: the forward a model pays at evaluation,
  against mamba_ssm's forward, which does the same work either way. Inputs as CudaScanCheck.bigInputs: u, delta, z, B, C uniform(-1, 1), A = -(1 + n),
D ~ N(0, 1), delta_bias uniform(-0.5, 0.5), softplus; B and C (batch, G, N, L).

16-bit inputs: where OURS.jsonl has DEFAULT_VARIANT:f16 / :bf16 rows and the environment says MAMBA_TYPED_OK=1 (the
fp16/bf16 build of build_mamba_typed.py succeeded), the same two tables follow for each type, mamba_ssm called with
u, delta, z, B, C and dout in that type (A, D, delta_bias float32, as its models run), after a check of that build
against a float64 reference."""
import json, os, statistics, sys, time
import torch

peer, ours_path, default_variant = sys.argv[1:4]
out_path = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, peer)
from build_mamba import get  # noqa: E402

ext = get()
dev = "cuda"
TYPED = {":f16": torch.float16, ":bf16": torch.bfloat16}


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


def inputs(b, d, n, l, g, seed=0, dtype=torch.float32):
    """u, delta, z, B, C, dout in dtype (drawn in float32, then rounded); A, D, delta_bias float32."""
    gen = torch.Generator(device=dev).manual_seed(seed)
    uni = lambda *s: torch.rand(*s, device=dev, generator=gen) * 2 - 1
    u, delta, z = uni(b, d, l), uni(b, d, l), uni(b, d, l)
    A = -(1 + torch.arange(n, device=dev, dtype=torch.float32)).repeat(d, 1).contiguous()
    B, C = uni(b, g, n, l), uni(b, g, n, l)
    D = torch.randn(d, device=dev, generator=gen)
    bias = torch.rand(d, device=dev, generator=gen) - 0.5
    dout = torch.randn(b, d, l, device=dev, generator=gen)
    u, delta, z, B, C, dout = (t.to(dtype) for t in (u, delta, z, B, C, dout))
    return u, delta, A, B, C, D, z, bias, dout


def typed_sanity(ext16, dtype):
    """max |out - float64 reference| / max |reference| of the 16-bit build at one small shape (one group), the
    reference fed the same rounded inputs; the output's own rounding is up to 2^-11 (fp16) or 2^-8 (bf16) relative
    (stop 16, run L1: 3.1e-4 and 2.9e-3)."""
    u, delta, A, B, C, D, z, bias, _ = inputs(2, 24, 16, 197, 1, seed=1, dtype=dtype)
    out = ext16.fwd(u, delta, A, B, C, D, z, bias, True)[-1].double()
    u, delta, A, B, C, D, z, bias = (t.double() for t in (u, delta, A, B, C, D, z, bias))
    dt = torch.nn.functional.softplus(delta + bias[:, None])
    x = torch.zeros(2, 24, 16, device=dev, dtype=torch.float64)
    ys = []
    for i in range(u.shape[2]):
        x = torch.exp(dt[:, :, i, None] * A) * x + (dt[:, :, i] * u[:, :, i])[..., None] * B[:, 0, None, :, i]
        ys.append((x * C[:, 0, None, :, i]).sum(-1))
    ref = (torch.stack(ys, 2) + u * D[:, None]) * torch.nn.functional.silu(z)
    return ((out - ref).abs().max() / ref.abs().max()).item()


def mamba(b, d, n, l, g, calls, extension, dtype):
    u, delta, A, B, C, D, z, bias, dout = inputs(b, d, n, l, g, dtype=dtype)
    st = {}

    def fwd():
        st["r"] = extension.fwd(u, delta, A, B, C, D, z, bias, True)

    def bwd():  # from the tensors the last fwd saved, as the autograd function does
        out, x, _ = st["r"]
        extension.bwd(u, delta, A, B, C, D, z, bias, dout, x, out, None, True, False)

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


def compare(variant, peer_ext, dtype):
    """Both tables (single calls, back to back) for one input type: medrobust `variant` against mamba_ssm in dtype."""
    suffix = variant[len(default_variant):]
    rows, rows_b2b, recs = [], [], []
    met = dict(f=0, fb=0, f2=0, fb2=0, fi=0, fi2=0)
    for sh in shapes:
        b, d, n, l, g = sh
        mine = {v: r for v, r in ours.get(sh, {}).items() if (v.rsplit(":", 1)[1] if ":" in v else "") == suffix.lstrip(":")}
        o = mine.get(variant)
        calls = o["b2b_calls"] if o else 10
        mf, mb, mf2, mfb2, hf, hb = mamba(b, d, n, l, g, calls, peer_ext, dtype)
        best = min(mine.values(), key=lambda r: r["fwd_ms"] + r["bwd_ms"]) if mine else None
        rec = dict(shape=list(sh), type=str(dtype).replace("torch.", ""), variant=variant, mamba_fwd_ms=mf,
                   mamba_bwd_ms=mb, b2b_calls=calls, mamba_fwd_b2b_ms=mf2, mamba_fwdbwd_b2b_ms=mfb2,
                   mamba_host_fwd_us=hf, mamba_host_bwd_us=hb)
        name = f"({b},{d},{n},{l},{g})"
        if o:
            of, ofb, of2, ofb2 = o["fwd_ms"], o["fwd_ms"] + o["bwd_ms"], o["fwd_b2b_ms"], o["fwdbwd_b2b_ms"]
            sf, sfb, sf2, sfb2 = mf / of, (mf + mb) / ofb, mf2 / of2, mfb2 / ofb2
            # inference forward (dout unbound: no gradient zeroing, no saved states), 0 in older jsonl
            oi, oi2 = o.get("fwd_infer_ms", 0), o.get("fwd_infer_b2b_ms", 0)
            si, si2 = (mf / oi if oi else 0), (mf2 / oi2 if oi2 else 0)
            met["fi"] += si >= 1.5
            met["fi2"] += si2 >= 1.5
            infer = f"{oi:.4f} {x(si, 1.5)}" if oi else "-"
            infer2 = f"{oi2:.4f} {x(si2, 1.5)}" if oi2 else "-"
            met["f"] += sf >= 1.5
            met["fb"] += sfb >= 1.2
            met["f2"] += sf2 >= 1.5
            met["fb2"] += sfb2 >= 1.2
            rec.update(ours_fwd_ms=of, ours_fwdbwd_ms=ofb, fwd_speedup=sf, fwdbwd_speedup=sfb, ours_fwd_b2b_ms=of2,
                       ours_fwdbwd_b2b_ms=ofb2, fwd_b2b_speedup=sf2, fwdbwd_b2b_speedup=sfb2, ours_fwd_infer_ms=oi,
                       ours_fwd_infer_b2b_ms=oi2, fwd_infer_speedup=si, fwd_infer_b2b_speedup=si2)
            rows.append(f"| {name} | {mf:.4f} | {mf + mb:.4f} | {of:.4f} | {ofb:.4f} | {x(sf, 1.5)} | {x(sfb, 1.2)} |"
                        f" {infer} | {best['variant']} {best['fwd_ms']:.4f} / {best['fwd_ms'] + best['bwd_ms']:.4f} |")
            rows_b2b.append(f"| {name} | {calls} | {mf2:.4f} | {mfb2:.4f} | {of2:.4f} | {ofb2:.4f} | {x(sf2, 1.5)} |"
                            f" {x(sfb2, 1.2)} | {infer2} | {hf:.1f} / {hb:.1f} | {o.get('host_fwd_us', 0):.1f} /"
                            f" {o.get('host_bwd_us', 0):.1f} | {o.get('driver_calls', '-')} |")
        else:
            rows.append(f"| {name} | {mf:.4f} | {mf + mb:.4f} | - | - | - | - | - | - |")
            rows_b2b.append(f"| {name} | {calls} | {mf2:.4f} | {mfb2:.4f} | - | - | - | - | - | {hf:.1f} / {hb:.1f} | - |"
                            f" - |")
        recs.append(rec)
    typed = "" if dtype == torch.float32 else f"; inputs {str(dtype).replace('torch.', '')} in both libraries"
    print(f"\n== side by side ({torch.cuda.get_device_name()}, torch {torch.__version__}); ms, medians of single calls"
          f" on an idle GPU (launch latency + host path + kernel); medrobust = variant {variant}; speedup ="
          f" mamba_ssm time / medrobust time; targets fwd >= 1.5x, fwd+bwd >= 1.2x{typed}; medrobust fwd = a forward"
          f" with dout bound (it also zeroes the next backward's gradients); inference fwd = dout unbound")
    print("| shape (B,D,N,L,G) | mamba_ssm fwd | mamba_ssm fwd+bwd | medrobust fwd | medrobust fwd+bwd | fwd speedup |"
          " fwd+bwd speedup | medrobust inference fwd, speedup | best medrobust variant fwd / fwd+bwd |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    print(f"targets met (single calls{typed}): fwd {met['f']}/{len(shapes)}, fwd+bwd {met['fb']}/{len(shapes)},"
          f" inference fwd {met['fi']}/{len(shapes)}")
    print(f"\n== back to back (same run{typed}): ms per call, calls queued between two CUDA events, median of 5 batches"
          f" (the kernel cost inside a model's stream of kernels); fwd+bwd = a forward then a backward per call; driver"
          f" calls = medrobust's launches (L) and memsets (M) of one forward / one backward after it; host us ="
          f" microseconds until one call returns on an idle GPU (median of 31)")
    print("| shape (B,D,N,L,G) | calls | mamba_ssm fwd | mamba_ssm fwd+bwd | medrobust fwd | medrobust fwd+bwd |"
          " fwd speedup | fwd+bwd speedup | medrobust inference fwd, speedup | mamba_ssm host us fwd / bwd |"
          " medrobust host us fwd / bwd | medrobust driver calls fwd / bwd |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows_b2b:
        print(r)
    print(f"targets met (back to back{typed}): fwd {met['f2']}/{len(shapes)}, fwd+bwd {met['fb2']}/{len(shapes)},"
          f" inference fwd {met['fi2']}/{len(shapes)}")
    return recs


recs = compare(default_variant, ext, torch.float32)
typed_variants = [t for t in TYPED if any(default_variant + t in v for v in ours.values())]
if typed_variants and os.environ.get("MAMBA_TYPED_OK") == "1":
    from build_mamba_typed import get as get_typed  # noqa: E402
    ext16 = get_typed(peer)
    for t in typed_variants:
        print(f"\nmamba_ssm {t[1:]} build against float64 (2,24,16,197,1), rounded inputs: max |out error| / max |out| ="
              f" {typed_sanity(ext16, TYPED[t]):.2e}")
        recs += compare(default_variant + t, ext16, TYPED[t])
elif typed_variants:
    print(f"\nno 16-bit side by side: mamba_ssm's fp16/bf16 build is missing (MAMBA_TYPED_OK unset; see its build log)")
if out_path:
    with open(out_path, "w") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
