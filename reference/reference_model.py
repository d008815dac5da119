"""Independent NumPy reference for dilate's transformer: reads a GGUF file written in llama.cpp's
llada/dream layout, dequantizes F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K following the ggml block
layouts, and runs the bidirectional forward in float64.

    reference_model.py MODEL.gguf logits TOKENS ROWS     -> {"logits": [[...], ...]}
    reference_model.py MODEL.gguf greedy PROMPT GEN BLOCK STEPS [CACHE]
        -> {"tokens": [...]}  LLaDA's low_confidence decoding at temperature 0: per block, STEPS
           calls, uniform counts (n // steps, the first n % steps one more), top-k by p(x0).
           CACHE (none, prefix, dual, delayed) picks the positions each call recomputes; the
           others keep the keys and values of the call that last recomputed them.
    reference_model.py MODEL.gguf cached TOKENS_A TOKENS_B FRESH ROWS [f16]
        -> {"logits": [...]}  a whole forward of A fills the cache; then B is run recomputing
           only FRESH, every other position's keys and values taken from A's forward.
    A CACHE of greedy may end in ",f16" (cached keys and values rounded to float16, as a cache
    keeps them; each call's own recomputed positions enter attention unrounded); so may cached.
    reference_model.py --safetensors HF_FOLDER logits|greedy ...
        the same from a Hugging Face folder (config.json + model.safetensors or a sharded index):
        original (unpermuted) weights, so RoPE rotates halves for LLaDA as well as Dream.

TOKENS/ROWS/PROMPT are comma-separated integers.
"""
import json
import os
import struct
import sys

import numpy as np

BLOCK = {0: (1, 4), 1: (1, 2), 2: (32, 18), 8: (32, 34), 12: (256, 144), 14: (256, 210), 30: (1, 2)}


def read_gguf(path):
    data = open(path, "rb").read()
    pos = [0]

    def take(fmt):
        v = struct.unpack_from("<" + fmt, data, pos[0])
        pos[0] += struct.calcsize("<" + fmt)
        return v[0]

    def string():
        n = take("Q")
        s = data[pos[0]:pos[0] + n].decode("utf-8")
        pos[0] += n
        return s

    scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

    def value(t):
        if t == 8:
            return string()
        if t == 9:
            et, n = take("I"), take("Q")
            return [value(et) for _ in range(n)]
        return take(scalar[t])

    assert data[:4] == b"GGUF", "not a GGUF file"
    pos[0] = 4
    version, n_tensors, n_kv = take("I"), take("Q"), take("Q")
    assert version == 3
    meta = {}
    for _ in range(n_kv):
        key = string()
        meta[key] = value(take("I"))
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = [take("Q") for _ in range(take("I"))]
        infos.append((name, dims, take("I"), take("Q")))
    align = meta.get("general.alignment", 32)
    start = (pos[0] + align - 1) // align * align
    tensors = {}
    for name, dims, t, off in infos:
        n = int(np.prod(dims))
        bs, bb = BLOCK[t]
        raw = data[start + off:start + off + n // bs * bb]
        values = dequantize(t, raw, n)
        shape = list(reversed(dims))  # GGUF dims are innermost first
        tensors[name] = values.reshape(shape)
    return meta, tensors


def dequantize(t, raw, n):
    if t == 0:
        return np.frombuffer(raw, "<f4").astype(np.float64)
    if t == 1:
        return np.frombuffer(raw, "<f2").astype(np.float64)
    if t == 30:
        return (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    if t == 8:
        b = np.frombuffer(raw, [("d", "<f2"), ("q", "i1", 32)])
        return (b["d"].astype(np.float64)[:, None] * b["q"]).reshape(-1)
    if t == 2:
        b = np.frombuffer(raw, [("d", "<f2"), ("q", "u1", 16)])
        q = np.concatenate([(b["q"] & 15), (b["q"] >> 4)], axis=1).astype(np.float64) - 8
        return (b["d"].astype(np.float64)[:, None] * q).reshape(-1)
    if t == 12:
        b = np.frombuffer(raw, [("d", "<f2"), ("dmin", "<f2"), ("s", "u1", 12), ("q", "u1", 128)])
        s = b["s"].astype(np.int64)
        sc = np.zeros((len(b), 8), np.int64)
        mn = np.zeros((len(b), 8), np.int64)
        sc[:, :4] = s[:, 0:4] & 63
        mn[:, :4] = s[:, 4:8] & 63
        sc[:, 4:] = (s[:, 8:12] & 15) | ((s[:, 0:4] >> 6) << 4)
        mn[:, 4:] = (s[:, 8:12] >> 4) | ((s[:, 4:8] >> 6) << 4)
        d = b["d"].astype(np.float64)[:, None]
        dmin = b["dmin"].astype(np.float64)[:, None]
        out = np.zeros((len(b), 256))
        for g in range(4):
            q = b["q"][:, 32 * g:32 * g + 32].astype(np.float64)
            out[:, 64 * g:64 * g + 32] = d * sc[:, 2 * g:2 * g + 1] * (q.astype(np.int64) & 15) - dmin * mn[:, 2 * g:2 * g + 1]
            out[:, 64 * g + 32:64 * g + 64] = d * sc[:, 2 * g + 1:2 * g + 2] * (q.astype(np.int64) >> 4) - dmin * mn[:, 2 * g + 1:2 * g + 2]
        return out.reshape(-1)
    if t == 14:
        b = np.frombuffer(raw, [("ql", "u1", 128), ("qh", "u1", 64), ("s", "i1", 16), ("d", "<f2")])
        out = np.zeros((len(b), 256))
        d = b["d"].astype(np.float64)[:, None]
        for h in range(2):
            ql = b["ql"][:, 64 * h:64 * h + 64].astype(np.int64)
            qh = b["qh"][:, 32 * h:32 * h + 32].astype(np.int64)
            sc = b["s"][:, 8 * h:8 * h + 8].astype(np.float64)
            quarters = [
                (ql[:, :32] & 15) | ((qh & 3) << 4),
                (ql[:, 32:] & 15) | (((qh >> 2) & 3) << 4),
                (ql[:, :32] >> 4) | (((qh >> 4) & 3) << 4),
                (ql[:, 32:] >> 4) | (((qh >> 6) & 3) << 4),
            ]
            for k, q in enumerate(quarters):
                for half in range(2):  # 16 values share one scale
                    cols = slice(16 * half, 16 * half + 16)
                    out[:, 128 * h + 32 * k + 16 * half:128 * h + 32 * k + 16 * half + 16] = \
                        d * sc[:, half + 2 * k:half + 2 * k + 1] * (q[:, cols] - 32)
        return out.reshape(-1)
    raise ValueError("unknown type %d" % t)


def read_safetensors(path):
    data = open(path, "rb").read()
    n = struct.unpack_from("<Q", data, 0)[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[8 + n + begin:8 + n + end]
        if info["dtype"] == "F32":
            v = np.frombuffer(raw, "<f4")
        elif info["dtype"] == "F16":
            v = np.frombuffer(raw, "<f2")
        elif info["dtype"] == "BF16":
            v = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError("%s: dtype %s" % (name, info["dtype"]))
        tensors[name] = v.astype(np.float64).reshape(info["shape"])
    return tensors


# GGUF layer tensor -> (LLaDA name, Dream name), after "blk.N." / the layer prefix
HF_LAYER = {
    "attn_norm.weight": ("attn_norm.weight", "input_layernorm.weight"),
    "attn_q.weight": ("q_proj.weight", "self_attn.q_proj.weight"),
    "attn_k.weight": ("k_proj.weight", "self_attn.k_proj.weight"),
    "attn_v.weight": ("v_proj.weight", "self_attn.v_proj.weight"),
    "attn_q.bias": ("q_proj.bias", "self_attn.q_proj.bias"),
    "attn_k.bias": ("k_proj.bias", "self_attn.k_proj.bias"),
    "attn_v.bias": ("v_proj.bias", "self_attn.v_proj.bias"),
    "attn_output.weight": ("attn_out.weight", "self_attn.o_proj.weight"),
    "ffn_norm.weight": ("ff_norm.weight", "post_attention_layernorm.weight"),
    "ffn_gate.weight": ("ff_proj.weight", "mlp.gate_proj.weight"),
    "ffn_up.weight": ("up_proj.weight", "mlp.up_proj.weight"),
    "ffn_down.weight": ("ff_out.weight", "mlp.down_proj.weight"),
}
HF_MODEL = {
    "token_embd.weight": ("model.transformer.wte.weight", "model.embed_tokens.weight"),
    "output_norm.weight": ("model.transformer.ln_f.weight", "model.norm.weight"),
    "output.weight": ("model.transformer.ff_out.weight", "lm_head.weight"),
}


# LLaDA-MoE (llada-moe) and LLaDA 2 (llada2) Hugging Face names, per layer; experts are stacked below.
LING_LAYER = {
    "llada-moe": {"attn_norm.weight": "input_layernorm.weight", "attn_q.weight": "self_attn.q_proj.weight",
                  "attn_k.weight": "self_attn.k_proj.weight", "attn_v.weight": "self_attn.v_proj.weight",
                  "attn_q_norm.weight": "self_attn.q_norm.weight", "attn_k_norm.weight": "self_attn.k_norm.weight",
                  "attn_output.weight": "self_attn.o_proj.weight", "ffn_norm.weight": "post_attention_layernorm.weight",
                  "ffn_gate_inp.weight": "mlp.gate.weight"},
    "llada2": {"attn_norm.weight": "input_layernorm.weight", "attn_qkv.weight": "attention.query_key_value.weight",
               "attn_q_norm.weight": "attention.query_layernorm.weight", "attn_k_norm.weight": "attention.key_layernorm.weight",
               "attn_output.weight": "attention.dense.weight", "ffn_norm.weight": "post_attention_layernorm.weight",
               "ffn_gate.weight": "mlp.gate_proj.weight", "ffn_up.weight": "mlp.up_proj.weight", "ffn_down.weight": "mlp.down_proj.weight",
               "ffn_gate_inp.weight": "mlp.gate.weight", "exp_probs_b.bias": "mlp.gate.expert_bias",
               "ffn_gate_shexp.weight": "mlp.shared_experts.gate_proj.weight", "ffn_up_shexp.weight": "mlp.shared_experts.up_proj.weight",
               "ffn_down_shexp.weight": "mlp.shared_experts.down_proj.weight"}}


def read_ling(c, hf):
    """A LLaDA-MoE or LLaDA 2 folder as GGUF-style metadata and names, the experts stacked as GGUF stacks them."""
    arch = "llada2" if "LLaDA2MoeModelLM" in c["architectures"] else "llada-moe"
    t = {"token_embd.weight": hf["model.word_embeddings.weight" if arch == "llada2" else "model.embed_tokens.weight"],
         "output_norm.weight": hf["model.norm.weight"], "output.weight": hf["lm_head.weight"]}
    layers, experts = c["num_hidden_layers"], c["num_experts"]
    for i in range(layers):
        p = "model.layers.%d." % i
        for g, name in LING_LAYER[arch].items():
            if p + name in hf:
                t["blk.%d.%s" % (i, g)] = hf[p + name]
        for g, part in (("ffn_gate_exps.weight", "gate_proj"), ("ffn_up_exps.weight", "up_proj"), ("ffn_down_exps.weight", "down_proj")):
            if p + "mlp.experts.0.%s.weight" % part in hf:
                t["blk.%d.%s" % (i, g)] = np.stack([hf[p + "mlp.experts.%d.%s.weight" % (e, part)] for e in range(experts)])
    a = arch + "."
    hd = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
    meta = {"general.architecture": arch, a + "embedding_length": c["hidden_size"], a + "block_count": layers,
            a + "attention.head_count": c["num_attention_heads"], a + "attention.head_count_kv": c["num_key_value_heads"],
            a + "attention.layer_norm_rms_epsilon": c["rms_norm_eps"], a + "rope.freq_base": c["rope_theta"],
            a + "rope.dimension_count": int(round(c.get("partial_rotary_factor", 1.0) * hd)),
            a + "expert_used_count": c["num_experts_per_tok"],
            a + "expert_gating_func": 2 if c.get("score_function") == "sigmoid" else 1,
            a + "expert_group_count": c.get("n_group", 1), a + "expert_group_used_count": c.get("topk_group", 1),
            a + "expert_weights_norm": c.get("norm_topk_prob", False), a + "expert_weights_scale": c.get("routed_scaling_factor", 1.0),
            "tokenizer.ggml.mask_token_id": c.get("mask_token_id", 156895), "diffusion.shift_logits": False}
    return meta, t


def read_hf(folder):
    """config.json and the safetensors weights, as GGUF-style metadata and tensor names."""
    c = json.load(open(os.path.join(folder, "config.json")))
    llada = "LLaDAModelLM" in c["architectures"]
    index = os.path.join(folder, "model.safetensors.index.json")
    files = sorted(set(json.load(open(index))["weight_map"].values())) if os.path.exists(index) else ["model.safetensors"]
    hf = {}
    for f in files:
        hf.update(read_safetensors(os.path.join(folder, f)))
    if "LLaDAMoEModelLM" in c["architectures"] or "LLaDA2MoeModelLM" in c["architectures"]:
        return read_ling(c, hf)
    if llada:
        arch, dim, layers, heads = "llada", c["d_model"], c["n_layers"], c["n_heads"]
        kv, tied, eps = c.get("n_kv_heads") or heads, c.get("weight_tying", False), c.get("rms_norm_eps", 1e-5)
        prefix = "model.transformer.blocks.%d."
    else:
        arch, dim, layers, heads = "dream", c["hidden_size"], c["num_hidden_layers"], c["num_attention_heads"]
        kv, tied, eps = c.get("num_key_value_heads") or heads, c.get("tie_word_embeddings", False), c.get("rms_norm_eps", 1e-6)
        prefix = "model.layers.%d."
    pick = 0 if llada else 1
    t = {}
    for g, names in HF_MODEL.items():
        if names[pick] in hf and not (tied and g == "output.weight"):
            t[g] = hf[names[pick]]
    for i in range(layers):
        for g, names in HF_LAYER.items():
            if prefix % i + names[pick] in hf:
                t["blk.%d.%s" % (i, g)] = hf[prefix % i + names[pick]]
    a = arch + "."
    meta = {"general.architecture": arch, a + "embedding_length": dim, a + "block_count": layers,
            a + "attention.head_count": heads, a + "attention.head_count_kv": kv,
            a + "attention.layer_norm_rms_epsilon": eps, a + "rope.freq_base": c.get("rope_theta", 10000.0),
            "tokenizer.ggml.mask_token_id": c["mask_token_id"], "diffusion.shift_logits": not llada}
    return meta, t


class Model:
    def __init__(self, path, hf=False):
        self.meta, self.t = read_hf(path) if hf else read_gguf(path)
        self.arch = self.meta["general.architecture"]
        a = self.arch + "."
        self.dim = self.meta[a + "embedding_length"]
        self.layers = self.meta[a + "block_count"]
        self.heads = self.meta[a + "attention.head_count"]
        self.kv = self.meta.get(a + "attention.head_count_kv", self.heads)
        self.hd = self.dim // self.heads
        self.eps = self.meta[a + "attention.layer_norm_rms_epsilon"]
        self.theta = self.meta.get(a + "rope.freq_base", 10000.0)
        self.mask = self.meta["tokenizer.ggml.mask_token_id"]
        self.shift = self.meta.get("diffusion.shift_logits", self.arch == "dream")
        self.half = hf or self.arch in ("dream", "llada-moe", "llada2")   # NEOX RoPE, Q/K left unpermuted
        self.rot = self.meta.get(a + "rope.dimension_count", self.hd)     # llada2 rotates half of each head
        self.block = 32 if self.arch == "llada2" else 0                   # llada2's block-causal mask
        self.used = self.meta.get(a + "expert_used_count", 0)
        self.sigmoid = self.meta.get(a + "expert_gating_func", 1) == 2
        self.groups = self.meta.get(a + "expert_group_count", 1)
        self.groups_used = self.meta.get(a + "expert_group_used_count", 1)
        self.norm_w = self.meta.get(a + "expert_weights_norm", False)
        self.scale_w = self.meta.get(a + "expert_weights_scale", 1.0)

    def norm(self, x, w):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps) * w

    def rope(self, x, pos):  # x: [len(pos), heads, hd]
        if self.rot < self.hd:  # partial RoPE: the first rot dims rotate, the rest pass
            return np.concatenate([self.rope_dims(x[..., :self.rot], pos, self.rot), x[..., self.rot:]], axis=-1)
        return self.rope_dims(x, pos, self.hd)

    def rope_dims(self, x, pos, d):
        i = np.arange(d // 2)
        ang = pos[:, None] * self.theta ** (-2.0 * i / d)
        c, s = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
        if self.half:
            a, b = x[..., :d // 2], x[..., d // 2:]
            return np.concatenate([a * c - b * s, a * s + b * c], axis=-1)
        a, b = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = a * c - b * s
        out[..., 1::2] = a * s + b * c
        return out

    def forward(self, tokens, fresh=None, cache=None, f16=False):
        """Logits of the fresh positions (all when None). With a cache (a dict), the fresh
        positions' keys and values are stored into it per layer and attention reads every
        position's from it, so positions not fresh keep what an earlier call stored."""
        t = self.t
        L = len(tokens)
        idx = np.arange(L) if fresh is None else np.array(fresh)
        n = len(idx)
        x = t["token_embd.weight"][np.asarray(tokens)[idx]]
        for i in range(self.layers):
            p = "blk.%d." % i
            h = self.norm(x, t[p + "attn_norm.weight"])
            if p + "attn_qkv.weight" in t:  # llada2: one fused matrix, rows [Q | K | V]
                qkv = h @ t[p + "attn_qkv.weight"].T
                q, k, v = np.split(qkv, [self.heads * self.hd, (self.heads + self.kv) * self.hd], axis=1)
            else:
                q = h @ t[p + "attn_q.weight"].T + t.get(p + "attn_q.bias", 0)
                k = h @ t[p + "attn_k.weight"].T + t.get(p + "attn_k.bias", 0)
                v = h @ t[p + "attn_v.weight"].T + t.get(p + "attn_v.bias", 0)
            q, k = q.reshape(n, self.heads, self.hd), k.reshape(n, self.kv, self.hd)
            if p + "attn_q_norm.weight" in t:  # LLaDA-MoE: each head RMS-normalised before RoPE
                q, k = self.norm(q, t[p + "attn_q_norm.weight"]), self.norm(k, t[p + "attn_k_norm.weight"])
            q = self.rope(q, idx)
            k = self.rope(k, idx)
            v = v.reshape(n, self.kv, self.hd)
            if cache is not None:
                K, V = cache.setdefault(i, (np.full((L, self.kv, self.hd), np.nan), np.full((L, self.kv, self.hd), np.nan)))
                rounded = (lambda a: a.astype(np.float16).astype(np.float64)) if f16 else (lambda a: a)
                K[idx], V[idx] = rounded(k), rounded(v)
                Kuse, Vuse = K.copy(), V.copy()
                Kuse[idx], Vuse[idx] = k, v
                k, v = Kuse, Vuse
                assert not np.isnan(k).any(), "a position was read from the cache before any call computed it"
            group = self.heads // self.kv
            out = np.zeros((n, self.heads, self.hd))
            for hh in range(self.heads):
                s = q[:, hh] @ k[:, hh // group].T / np.sqrt(self.hd)
                if self.block:  # block-causal: key j is seen by the query at i when j's block <= i's
                    s = np.where((np.arange(L)[None, :] // self.block) <= (idx[:, None] // self.block), s, -np.inf)
                s = np.exp(s - s.max(axis=1, keepdims=True))
                s /= s.sum(axis=1, keepdims=True)
                out[:, hh] = s @ v[:, hh // group]
            x = x + out.reshape(n, -1) @ t[p + "attn_output.weight"].T
            h = self.norm(x, t[p + "ffn_norm.weight"])
            if p + "ffn_gate_inp.weight" in t:
                x = x + self.experts(h, p)
                continue
            g = h @ t[p + "ffn_gate.weight"].T
            u = h @ t[p + "ffn_up.weight"].T
            x = x + (g / (1 + np.exp(-g)) * u) @ t[p + "ffn_down.weight"].T
        head = t.get("output.weight", t["token_embd.weight"])
        return self.norm(x, t["output_norm.weight"]) @ head.T + t.get("output.bias", 0)

    def experts(self, h, p):
        """The mixture, one position at a time. LLaDA-MoE: softmax router, the top experts weighted
        by their probabilities. LLaDA 2: sigmoid scores plus a selection-only bias, groups ranked by
        their two best biased scores, the top experts of the best groups weighted by their unbiased
        scores, normalised and scaled, plus the shared expert."""
        t = self.t
        swiglu = lambda gate, up, down, x: down @ ((gate @ x) / (1 + np.exp(-(gate @ x))) * (up @ x))
        z = h @ t[p + "ffn_gate_inp.weight"].T
        if self.sigmoid:
            score = 1 / (1 + np.exp(-z))
        else:
            score = np.exp(z - z.max(axis=1, keepdims=True))
            score /= score.sum(axis=1, keepdims=True)
        out = np.zeros_like(h)
        for r in range(len(h)):
            pick = score[r] + t.get(p + "exp_probs_b.bias", 0)
            if self.groups > 1:
                grouped = pick.reshape(self.groups, -1)
                top2 = np.sort(grouped, axis=1)[:, -2:].sum(axis=1)
                dropped = np.argsort(-top2, kind="stable")[self.groups_used:]
                grouped = grouped.copy()
                grouped[dropped] = -np.inf
                pick = grouped.reshape(-1)
            chosen = np.argsort(-pick, kind="stable")[:self.used]
            w = score[r, chosen]
            if self.norm_w:
                w = w / (w.sum() + 1e-20)
            w = w * self.scale_w
            for e, we in zip(chosen, w):
                out[r] += we * swiglu(t[p + "ffn_gate_exps.weight"][e], t[p + "ffn_up_exps.weight"][e], t[p + "ffn_down_exps.weight"][e], h[r])
            if p + "ffn_gate_shexp.weight" in t:
                out[r] += swiglu(t[p + "ffn_gate_shexp.weight"], t[p + "ffn_up_shexp.weight"], t[p + "ffn_down_shexp.weight"], h[r])
        return out

    def position_logits(self, tokens, fresh=None, cache=None, f16=False):
        """Rows of every position (NaN where not recomputed), row p predicting p (Dream: p's row is p-1)."""
        full = np.full((len(tokens), self.vocab()), np.nan)
        full[np.arange(len(tokens)) if fresh is None else np.array(fresh)] = self.forward(tokens, fresh, cache, f16)
        if self.shift:
            full = np.concatenate([full[:1], full[:-1]], axis=0)
        return full

    def vocab(self):
        return self.t.get("output.weight", self.t["token_embd.weight"]).shape[0]

    @staticmethod
    def fresh(mode, L, lo, hi, block, call, first, rows):
        """The cache policy, written out again: which positions a call recomputes (None: all)."""
        if mode == "none" or first or (mode in ("prefix", "dual") and call == 0):
            return None
        span = {"prefix": range(lo, L), "dual": range(lo, hi),
                "delayed": range(max(0, lo - block) if call == 0 else lo, hi)}[mode]
        return sorted(set(span) | set(rows))

    def greedy(self, prompt, gen, block, steps, mode="none"):
        mode, _, storage = mode.partition(",")
        f16 = storage == "f16"
        P = len(prompt)
        # block-causal models (llada2) decode in blocks counted from position 0, the canvas padded to whole blocks
        start, end = (P // block * block, -(-(P + gen) // block) * block) if self.block else (P, P + gen)
        x = np.array(list(prompt) + [self.mask] * (end - P))
        cache = None if mode == "none" else {}
        first = True
        for b in range((end - start) // block):
            lo, hi = start + b * block, start + (b + 1) * block
            n = int(np.sum(x[lo:hi] == self.mask))
            counts = [n // steps + (1 if i < n % steps else 0) for i in range(steps)]
            for call, k in enumerate(counts):
                masked = [j for j in range(lo, hi) if x[j] == self.mask]
                rows = [max(j - 1, 0) for j in masked] if self.shift else masked
                fresh = self.fresh(mode, len(x), lo, hi, block, call, first, rows)
                first = False
                logits = self.position_logits(x, fresh, cache, f16)
                logits[np.isnan(logits)] = -1e300   # rows not recomputed: never candidates
                logits[:, self.mask] = -np.inf
                p = np.exp(logits - logits.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                x0 = p.argmax(axis=1)
                conf = p[np.arange(len(x)), x0]
                conf[:lo] = -np.inf
                conf[hi:] = -np.inf
                conf[x != self.mask] = -np.inf
                for j in np.argsort(-conf, kind="stable")[:k]:
                    x[j] = x0[j]
        return [int(v) for v in x[P:P + gen]]


def ints(s):
    return [int(v) for v in s.split(",")] if s else []


def main():
    args = sys.argv[1:]
    hf = args[0] == "--safetensors"
    if hf:
        args = args[1:]
    model = Model(args[0], hf)
    if args[1] == "logits":
        logits = model.forward(np.array(ints(args[2])))
        print(json.dumps({"logits": [logits[r].tolist() for r in ints(args[3])]}))
    elif args[1] == "cached":
        cache = {}
        f16 = len(args) > 6 and args[6] == "f16"
        model.forward(np.array(ints(args[2])), None, cache, f16)
        fresh = ints(args[4])
        logits = model.forward(np.array(ints(args[3])), fresh, cache, f16)
        print(json.dumps({"logits": [logits[fresh.index(r)].tolist() for r in ints(args[5])]}))
    else:
        prompt, gen, block, steps = ints(args[2]), int(args[3]), int(args[4]), int(args[5])
        mode = args[6] if len(args) > 6 else "none"
        print(json.dumps({"tokens": model.greedy(prompt, gen, block, steps, mode)}))


if __name__ == "__main__":
    main()
