#!/usr/bin/env python3
"""PyTorch's training tokens/s for the shape dev.dilate.train.Throughput measures (d 256, 6 layers,
8 heads, SwiGLU 704, vocabulary 23, batch 32 x 64), same objective and optimizer, on N threads:
the baseline the Java trainer is compared with. Usage: train_throughput_torch.py [threads] [steps]

Debian's torch has no MKL: its products go through whatever libblas.so.3 the system selects, and
that defaults to the reference (netlib) BLAS, about 30x slower than an optimised one. When
OpenBLAS is installed (apt-get install libopenblas0-openmp) the script runs itself again with it
first on the library path, so the baseline is PyTorch at its fastest here, and prints the BLAS it
loaded. Q, K, V, gate and up are separate products, as in the Java trainer."""
import os, sys
# OpenMP workers that spin at barriers lose whole time slices when other processes share these 2
# cores: on a loaded machine 2 threads gave 250-400 tokens/s spinning and about 2,000 passive.
# Set OMP_WAIT_POLICY=ACTIVE to compare on quiet cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
if os.path.isdir(OPENBLAS) and OPENBLAS not in os.environ.get("LD_LIBRARY_PATH", ""):
    os.environ["LD_LIBRARY_PATH"] = OPENBLAS + ":" + os.environ.get("LD_LIBRARY_PATH", "")
    os.execv(sys.executable, [sys.executable] + sys.argv)
import time, math, torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
torch.set_num_threads(threads)
assert torch.get_num_threads() == threads, f"asked for {threads} threads, torch runs {torch.get_num_threads()}"
torch.manual_seed(1)
D, LAYERS, H, FFN, V, B, L, MASK = 256, 6, 8, 704, 23, 32, 64, 22
HD = D // H
pos = torch.arange(L)[:, None] * (10000.0 ** (-torch.arange(0, HD, 2) / HD))[None, :]
cos, sin = pos.cos(), pos.sin()

def rope(x):  # adjacent pairs, x: B H L HD
    a, b = x[..., 0::2], x[..., 1::2]
    return torch.stack((a * cos - b * sin, a * sin + b * cos), -1).flatten(-2)

class Norm(nn.Module):
    def __init__(s): super().__init__(); s.w = nn.Parameter(torch.ones(D))
    def forward(s, x): return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * s.w

class Block(nn.Module):
    def __init__(s):
        super().__init__()
        s.n1, s.n2 = Norm(), Norm()
        s.q, s.k, s.v, s.o = (nn.Linear(D, D, bias=False) for _ in range(4))
        s.g, s.u, s.d = nn.Linear(D, FFN, bias=False), nn.Linear(D, FFN, bias=False), nn.Linear(FFN, D, bias=False)
    def forward(s, x):
        h = s.n1(x)
        q, k, v = (m(h).view(B, L, H, HD).transpose(1, 2) for m in (s.q, s.k, s.v))
        a = F.scaled_dot_product_attention(rope(q), rope(k), v) if hasattr(F, "scaled_dot_product_attention") else \
            torch.softmax(rope(q) @ rope(k).transpose(-1, -2) / math.sqrt(HD), -1) @ v
        x = x + s.o(a.transpose(1, 2).reshape(B, L, D))
        h = s.n2(x)
        return x + s.d(F.silu(s.g(h)) * s.u(h))

class Model(nn.Module):
    def __init__(s):
        super().__init__()
        s.e = nn.Embedding(V, D); s.blocks = nn.ModuleList(Block() for _ in range(LAYERS)); s.n = Norm(); s.head = nn.Linear(D, V, bias=False)
    def forward(s, ids):
        x = s.e(ids)
        for b in s.blocks: x = b(x)
        return s.head(s.n(x))

model = Model()
assert all(p.dtype == torch.float32 for p in model.parameters())
opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1)

def step():
    ids = torch.randint(0, V, (B, L))
    t = (1 - 1e-3) * torch.rand(B, 1) + 1e-3
    masked = (torch.rand(B, L) < t) & (torch.arange(L) >= 8)
    logits = model(torch.where(masked, torch.full_like(ids, MASK), ids))
    ce = F.cross_entropy(logits[masked], ids[masked], reduction="none")
    loss = (ce / t.expand(B, L)[masked]).sum() / ((L - 8) * B)
    opt.zero_grad(); loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()

def blas():
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line}
    return ", ".join(sorted(os.path.basename(os.path.dirname(l)) + "/" + os.path.basename(l) for l in libs)) or "none"

if __name__ == "__main__":
    for _ in range(6): step()  # as many untimed steps as the Java side (its JIT needs them)
    start = time.time()
    for _ in range(steps): step()
    print(f"pytorch {torch.__version__} ({blas()}), {torch.get_num_threads()} threads, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}: {B * L * steps / (time.time() - start):,.0f} tokens/s")
