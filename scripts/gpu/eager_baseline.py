"""Eager per-step selective scan in PyTorch (mamba_ssm's selective_scan_ref loop), timed on the GPU.

The baseline the issue compares against: fp32, z, D, delta_bias, softplus, same shapes as CudaScanCheck.
Prints a markdown table: forward and forward+backward median ms (CUDA events).
"""
import os

import torch
import torch.nn.functional as F


def scan_ref(u, delta, A, B, C, D, z, bias):
    delta = F.softplus(delta + bias[..., None])
    dA = torch.exp(torch.einsum("bdl,dn->bdln", delta, A))
    dBu = torch.einsum("bdl,bnl,bdl->bdln", delta, B, u)
    x = u.new_zeros(u.shape[0], u.shape[1], A.shape[1])
    ys = []
    for i in range(u.shape[2]):
        x = dA[:, :, i] * x + dBu[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", x, C[:, :, i]))
    y = torch.stack(ys, dim=2)
    out = y + u * D[..., None]
    return out * F.silu(z)


def timed(fn, reps):
    fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        fn()
        e.record()
        torch.cuda.synchronize()
        ts.append(s.elapsed_time(e))
    ts.sort()
    return ts[len(ts) // 2]


def main():
    dev = "cuda"
    print(f"device: {torch.cuda.get_device_name()}, torch {torch.__version__}")
    print("| shape (B,D,N,L) | eager fwd ms | eager fwd+bwd ms |")
    print("|---|---|---|")
    for b, d, n, l in [(16, 1536, 16, 4096), (64, 384, 16, 197)]:
        g = torch.Generator(device=dev).manual_seed(0)
        r = lambda *s: torch.rand(*s, device=dev, generator=g) * 2 - 1
        u, delta, z = r(b, d, l), r(b, d, l), r(b, d, l)
        A = -torch.arange(1, n + 1, device=dev, dtype=torch.float32).repeat(d, 1)
        B, C = r(b, n, l), r(b, n, l)
        D, bias = r(d), r(d) * 0.5
        args = [u, delta, A, B, C, D, z, bias]
        reps = 3 if l > 1000 else 10
        with torch.no_grad():
            fwd = timed(lambda: scan_ref(*args), reps)
        leaves = [t.clone().requires_grad_(True) for t in args]
        w = torch.randn(b, d, l, device=dev)

        def fb():
            for t in leaves:
                t.grad = None
            (scan_ref(*leaves) * w).sum().backward()

        # the eager backward of a 4096-step loop takes about a minute on an H100: EAGER_MAX_FWDBWD_L skips it
        if l <= int(os.environ.get("EAGER_MAX_FWDBWD_L", "1000000")):
            fwdbwd = f"{timed(fb, 1 if l > 1000 else reps):.2f}"
        else:
            fwdbwd = "skipped (EAGER_MAX_FWDBWD_L)"
        print(f"| ({b},{d},{n},{l}) | {fwd:.2f} | {fwdbwd} |")
        del leaves, args
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
