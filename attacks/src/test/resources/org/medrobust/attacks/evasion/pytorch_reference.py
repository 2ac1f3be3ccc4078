#!/usr/bin/python3
"""Reference numbers for PyTorchAgreementTest: FGSM and PGD-20 L-inf with PyTorch itself (Debian's python3-torch).

Model: shared/models/external/pneumonia_cnn.torchscript.pt; data: the PneumoniaMNIST test split (624 images,
pixel / 255 as float32 (N, 1, 28, 28)). FGSM: x' = clamp(x + eps * sign(grad CE), 0, 1). PGD-20: 20 steps of
x <- clamp(x + eps/4 * sign(grad CE), x - eps, x + eps) then clamp to [0, 1], from x (no random start). An image is
robust if every iterate (the clean image included) is classified correctly: the same criterion medrobust uses
(it freezes an image at its first misclassified iterate).

Usage: /usr/bin/python3 pytorch_reference.py SHARED_DIR > pytorch_reference.txt
"""
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
model = torch.jit.load(f"{shared}/models/external/pneumonia_cnn.torchscript.pt").eval()
for p in model.parameters():
    p.requires_grad_(False)
data = np.load(f"{shared}/data/medmnist/pneumoniamnist_28.npz")
x_all = torch.from_numpy(data["test_images"].astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
y_all = torch.from_numpy(data["test_labels"].reshape(-1).astype(np.int64))
loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")


def grad(x, y):
    x = x.clone().requires_grad_(True)
    logits = model(x)
    (g,) = torch.autograd.grad(loss_fn(logits, y), x)
    return logits.detach(), g


def robust(eps, steps, alpha, batch=100):
    survived = 0
    for start in range(0, len(y_all), batch):
        x0, y = x_all[start:start + batch], y_all[start:start + batch]
        x = x0.clone()
        ok = torch.ones(len(y), dtype=torch.bool)
        for _ in range(steps):
            logits, g = grad(x, y)
            ok &= logits.argmax(1) == y
            x = torch.min(torch.max(x + alpha * g.sign(), x0 - eps), x0 + eps).clamp(0, 1)
        with torch.no_grad():
            ok &= model(x).argmax(1) == y
        survived += int(ok.sum())
    return survived


n = len(y_all)
with torch.no_grad():
    clean = int((model(x_all).argmax(1) == y_all).sum())
print(f"# torch {torch.__version__}, {n} PneumoniaMNIST test images, pneumonia_cnn.torchscript.pt")
print(f"# robust accuracy = images correct at every iterate / {n}")
print(f"clean = {clean / n:.6f}")
for k in (1, 2, 4):
    eps = np.float32(k / 255.0).item()
    print(f"fgsm_{k} = {robust(eps, 1, eps) / n:.6f}")
    print(f"pgd20_{k} = {robust(eps, 20, eps / 4) / n:.6f}")
