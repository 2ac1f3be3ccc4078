"""One PGD L-inf step in PyTorch eager mode, timed as medrobust's PgdStepTimer times its own: the cross-entropy
input gradient of the whole batch, a sign step and the projection. One thread, like medrobust's libtorch.

Usage: python3 pgd_step.py MODEL.pt C H W BATCH WARMUP REPEATS   -> prints the median seconds per step
"""
import sys
import time

import torch

torch.set_num_threads(1)
path, c, h, w, batch, warmup, repeats = sys.argv[1], *map(int, sys.argv[2:])
model = torch.jit.load(path).eval()
for p in model.parameters():
    p.requires_grad_(False)
gen = torch.Generator().manual_seed(1)
x0 = torch.rand(batch, c, h, w, generator=gen)
with torch.no_grad():
    classes = model(x0[:1]).shape[1]
y = torch.arange(batch) % classes
loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
eps = 8 / 255
x = x0.clone()
times = []
for r in range(warmup + repeats):
    start = time.perf_counter()
    xg = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(loss_fn(model(xg), y), xg)
    x = torch.min(torch.max(x + eps / 4 * g.sign(), x0 - eps), x0 + eps).clamp(0, 1)
    if r >= warmup:
        times.append(time.perf_counter() - start)
times.sort()
print(times[len(times) // 2])
