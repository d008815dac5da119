package dev.dilate.model;

import dev.dilate.format.GGUFWriter;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Quantize;
import dev.dilate.tokenizer.GGUFTokenizer;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes GGUF files of any {@link Architecture} with random weights, in llama.cpp's layout: test
 * fixtures and benchmark models, since no real checkpoint can be downloaded here. Norm weights
 * and biases are always F32 (as llama.cpp keeps them); projections, embeddings and the head use
 * the chosen type. K-quant tensors get random but valid blocks (dilate does not quantize to them).
 */
public final class RandomModels {
    private RandomModels() {}

    /** The shape of a model to write. Dream gets q/k/v biases and a shifted head, LLaDA neither. */
    public record Shape(String architecture, int dim, int layers, int heads, int kvHeads, int ffn, int vocab, boolean tiedOutput,
                        ModelConfig.Moe moe) {
        public Shape {
            Architecture.named(architecture);     // a family dilate runs, or a clear error
        }

        /** A dense model. */
        public Shape(String architecture, int dim, int layers, int heads, int kvHeads, int ffn, int vocab, boolean tiedOutput) {
            this(architecture, dim, layers, heads, kvHeads, ffn, vocab, tiedOutput, null);
        }
        /** Vocabularies that hold the 256 byte tokens get a real byte-level tokenizer (see {@link #tokenizer}). */
        public boolean hasTokenizer() { return vocab > Tokenizer.BYTES_MASK_ID; }
        /** The byte tokenizer's mask id, or the second-to-last id of a vocabulary without one. */
        public int maskId() { return hasTokenizer() ? Tokenizer.BYTES_MASK_ID : vocab - 2; }
        /** dim / heads. */
        public int headDim() { return dim / heads; }

        /** The model these files hold: Dream with its RoPE base, rotate-half pairing and shifted head; LLaDA as llama.cpp stores it. */
        public ModelConfig config() {
            Architecture a = Architecture.named(architecture);
            return new ModelConfig(architecture, dim, layers, heads, kvHeads, headDim(), ffn, vocab, 1e-5f, a.ropeTheta,
                    a.ggufRopeHalf, maskId(), a.shiftsLogits, 4096, a.qkNorm, headDim() / a.rotaryDivisor, a.attentionBlock, moe);
        }
    }

    /** Writes a model of shape {@code s} with weights drawn from {@code seed} to {@code path} as GGUF, its projections in {@code type}. */
    public static void write(Path path, Shape s, GGMLType type, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GGUFWriter w = ModelMetadata.writer(s.config(), "random " + s.architecture() + " " + type);
        if (s.hasTokenizer()) GGUFTokenizer.write(tokenizer(s.vocab()), w);
        else w.putU32("tokenizer.ggml.mask_token_id", s.maskId());
        int d = s.dim(), qd = s.heads() * s.headDim(), kvd = s.kvHeads() * s.headDim();
        float scale = (float) (1 / Math.sqrt(d));
        tensor(w, "token_embd.weight", type, d, s.vocab(), 1f, rng);
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            norm(w, p + "attn_norm.weight", d, rng);
            if (Architecture.named(s.architecture()).fusedQkv) {
                tensor(w, p + "attn_qkv.weight", type, d, qd + 2 * kvd, scale, rng);
            } else {
                tensor(w, p + "attn_q.weight", type, d, qd, scale, rng);
                tensor(w, p + "attn_k.weight", type, d, kvd, scale, rng);
                tensor(w, p + "attn_v.weight", type, d, kvd, scale, rng);
            }
            if (Architecture.named(s.architecture()) == Architecture.DREAM) {     // Dream's Q/K/V biases
                tensor(w, p + "attn_q.bias", GGMLType.F32, qd, 1, 0.1f, rng);
                tensor(w, p + "attn_k.bias", GGMLType.F32, kvd, 1, 0.1f, rng);
                tensor(w, p + "attn_v.bias", GGMLType.F32, kvd, 1, 0.1f, rng);
            }
            if (s.config().qkNorm()) {
                norm(w, p + "attn_q_norm.weight", s.headDim(), rng);
                norm(w, p + "attn_k_norm.weight", s.headDim(), rng);
            }
            tensor(w, p + "attn_output.weight", type, qd, d, (float) (1 / Math.sqrt(qd)), rng);
            norm(w, p + "ffn_norm.weight", d, rng);
            if (s.moe() == null || !s.moe().covers(i)) {
                tensor(w, p + "ffn_gate.weight", type, d, s.ffn(), scale, rng);
                tensor(w, p + "ffn_up.weight", type, d, s.ffn(), scale, rng);
                tensor(w, p + "ffn_down.weight", type, s.ffn(), d, (float) (1 / Math.sqrt(s.ffn())), rng);
                continue;
            }
            // The router stays F32, as llama.cpp keeps it; its spread makes the softmax pick distinctly.
            int E = s.moe().experts(), fe = s.moe().ffn();
            tensor(w, p + "ffn_gate_inp.weight", GGMLType.F32, new long[] {d, E}, 2 * scale, rng);
            tensor(w, p + "ffn_gate_exps.weight", type, new long[] {d, fe, E}, scale, rng);
            tensor(w, p + "ffn_up_exps.weight", type, new long[] {d, fe, E}, scale, rng);
            tensor(w, p + "ffn_down_exps.weight", type, new long[] {fe, d, E}, (float) (1 / Math.sqrt(fe)), rng);
            if (s.moe().router() == ModelConfig.Moe.Router.SIGMOID) tensor(w, p + "exp_probs_b.bias", GGMLType.F32, E, 1, 0.1f, rng);
            int fs = s.moe().sharedFfn();
            if (fs > 0) {
                tensor(w, p + "ffn_gate_shexp.weight", type, d, fs, scale, rng);
                tensor(w, p + "ffn_up_shexp.weight", type, d, fs, scale, rng);
                tensor(w, p + "ffn_down_shexp.weight", type, fs, d, (float) (1 / Math.sqrt(fs)), rng);
            }
        }
        norm(w, "output_norm.weight", d, rng);
        if (!s.tiedOutput()) tensor(w, "output.weight", type, d, s.vocab(), scale * 4, rng);
        w.write(path);
    }

    /** Byte tokens and LLaDA's special tokens, padded to the vocabulary: enough for llama.cpp to load the file. */
    static Tokenizer tokenizer(int vocab) {
        return Tokenizer.bytes(vocab, "<|startoftext|>", "<|endoftext|>", "<|mdm_mask|>");
    }

    private static void norm(GGUFWriter w, String name, int d, SplittableRandom rng) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = 1 + uniform(rng, 0.1f);
        w.tensor(name, GGMLType.F32, new long[] {d}, v);
    }

    /**
     * A cols x rows tensor (GGUF dims innermost first) with zero-mean entries of spread {@code std},
     * or random blocks for K-quants. Values are drawn and encoded a chunk of rows at a time while
     * the file is written, so a 1B-parameter file never sits in memory; each tensor draws from its
     * own split of the seed's stream, so the file is the same whatever the chunking.
     */
    private static void tensor(GGUFWriter w, String name, GGMLType type, int cols, int rows, float std, SplittableRandom rng) {
        tensor(w, name, type, rows == 1 ? new long[] {cols} : new long[] {cols, rows}, std, rng);
    }

    /** As above for any number of dims (innermost first): rows are everything outside the first. */
    private static void tensor(GGUFWriter w, String name, GGMLType type, long[] dims, float std, SplittableRandom rng) {
        long rowCount = 1;
        for (int i = 1; i < dims.length; i++) rowCount *= dims[i];
        int cols = Math.toIntExact(dims[0]), rows = Math.toIntExact(rowCount);
        SplittableRandom own = rng.split();
        w.tensor(name, type, dims, out -> {
            int chunkRows = Math.max(1, (1 << 20) / cols);
            for (int r0 = 0; r0 < rows; r0 += chunkRows) {
                int n = Math.min(chunkRows, rows - r0) * cols;
                if (type == GGMLType.Q4_K || type == GGMLType.Q6_K) {
                    out.write(randomBlocks(type, n, std, own));
                    continue;
                }
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = uniform(own, std);
                out.write(Quantize.encode(type, v));
            }
        });
    }

    /** Valid K-quant blocks whose values have roughly the given spread. */
    static byte[] randomBlocks(GGMLType type, long n, float std, SplittableRandom rng) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(type.bytes(n))).order(ByteOrder.LITTLE_ENDIAN);
        for (long blk = 0; blk < n / 256; blk++) {
            if (type == GGMLType.Q4_K) {
                b.putShort(Float.floatToFloat16(std / 40));       // d: values d sc q - dmin m, sc < 64, q < 16
                b.putShort(Float.floatToFloat16(std / 8));        // dmin
                for (int i = 0; i < 12; i++) b.put((byte) rng.nextInt(256));
                for (int i = 0; i < 128; i++) b.put((byte) rng.nextInt(256));
            } else {
                for (int i = 0; i < 192; i++) b.put((byte) rng.nextInt(256));     // ql, qh
                for (int i = 0; i < 16; i++) b.put((byte) (rng.nextInt(64) - 32)); // scales
                b.putShort(Float.floatToFloat16(std / 300));
            }
        }
        return b.array();
    }

    /** Uniform on [-sqrt(3) std, sqrt(3) std): standard deviation std, ten times cheaper to draw than a Gaussian. */
    private static float uniform(SplittableRandom rng, float std) {
        return (float) ((2 * rng.nextDouble() - 1) * Math.sqrt(3) * std);
    }
}
