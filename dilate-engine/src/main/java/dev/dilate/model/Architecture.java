package dev.dilate.model;

import dev.dilate.tokenizer.ChatTemplate;

import java.util.Arrays;
import java.util.Optional;

/**
 * The masked diffusion model families dilate runs, one entry each: their names in Hugging Face's
 * config.json and in GGUF, and every switch the loaders, the converter, the random-model writer and
 * the chat template take from the family. A new family is one entry here (plus, where its tensors
 * are named differently, its table in {@link HFNames}).
 */
public enum Architecture {
    /** LLaDA: OLMo-style names, no biases; llama.cpp's converter permutes Wq/Wk for adjacent-pair RoPE. */
    LLADA("llada", "LLaDAModelLM", false, false, false, false, 1, 0, ChatTemplate.LLADA, 5e5f),
    /** Dream: Qwen2 names and Q/K/V biases, rotate-half RoPE, and row p of the logits predicts p+1. */
    DREAM("dream", "DreamModel", true, true, false, false, 1, 0, ChatTemplate.CHATML, 1e6f),
    /**
     * LLaDA-MoE (7B-A1B): LLaDA's objective on Ling's mixture-of-experts body: per-head QK norm,
     * rotate-half RoPE that llama.cpp's converter leaves unpermuted, 64 experts of which 8 per token.
     */
    LLADA_MOE("llada-moe", "LLaDAMoEModelLM", false, true, true, false, 1, 0, ChatTemplate.LING, 5e4f),
    /**
     * LLaDA 2.x (mini, flash): Ling 2's body (fused QKV, per-head QK norm, NEOX RoPE on half of each
     * head, a dense first layer, then 256 sigmoid-routed experts in groups plus a shared one) with a
     * block-causal mask: bidirectional inside blocks of 32 counted from position 0, causal across
     * them, so the keys and values of finished blocks never change. GGUF as llama.cpp's open
     * {@code llada2} pull request names it.
     */
    LLADA2("llada2", "LLaDA2MoeModelLM", false, true, true, true, 2, 32, ChatTemplate.LING, 6e5f);

    /** {@code general.architecture} in GGUF files, and the prefix of their metadata keys. */
    public final String ggufName;
    /** The {@code architectures} entry of config.json. */
    public final String hfClass;
    /** Output row p predicts position p+1 rather than p. */
    public final boolean shiftsLogits;
    /**
     * In the GGUF layout RoPE rotates pairs (i, i + d/2); false for adjacent pairs, which llama.cpp's
     * converter arranges by permuting Wq and Wk (so {@code convert} permutes them too).
     */
    public final boolean ggufRopeHalf;
    /** Each head's queries and keys are RMS-normalised before RoPE. */
    public final boolean qkNorm;
    /** GGUF files hold Q, K and V as one fused matrix ({@code attn_qkv}), in that order. */
    public final boolean fusedQkv;
    /** RoPE rotates headDim / this many dimensions of each head (2 for LLaDA 2's half). */
    public final int rotaryDivisor;
    /** 0: bidirectional attention; else the block of the block-causal mask, counted from position 0. */
    public final int attentionBlock;
    /** The template chat prompts are rendered with when the tokenizer can spell it. */
    public final ChatTemplate chatTemplate;
    /** The RoPE base its released checkpoints use (random test models take it). */
    public final float ropeTheta;

    Architecture(String ggufName, String hfClass, boolean shiftsLogits, boolean ggufRopeHalf, boolean qkNorm, boolean fusedQkv,
                 int rotaryDivisor, int attentionBlock, ChatTemplate chatTemplate, float ropeTheta) {
        this.ggufName = ggufName;
        this.hfClass = hfClass;
        this.shiftsLogits = shiftsLogits;
        this.ggufRopeHalf = ggufRopeHalf;
        this.qkNorm = qkNorm;
        this.fusedQkv = fusedQkv;
        this.rotaryDivisor = rotaryDivisor;
        this.attentionBlock = attentionBlock;
        this.chatTemplate = chatTemplate;
        this.ropeTheta = ropeTheta;
    }

    /** Whether {@code convert} permutes Wq and Wk (to the adjacent-pair layout of this family's GGUF files). */
    public boolean permutesQK() { return !ggufRopeHalf; }

    /** The family of a GGUF architecture name; a clear error naming the known ones otherwise. */
    public static Architecture named(String ggufName) {
        return find(ggufName).orElseThrow(() -> new IllegalArgumentException("architecture '" + ggufName
                + "' is not a masked diffusion model dilate runs (" + String.join(", ", Arrays.stream(values()).map(a -> a.ggufName).toList()) + ")"));
    }

    /** The family of a GGUF architecture name, or empty for one dilate does not run. */
    public static Optional<Architecture> find(String ggufName) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(ggufName)).findFirst();
    }

    /** The family of a model's configuration. */
    public static Architecture of(ModelConfig config) { return named(config.architecture()); }
}
