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
    LLADA("llada", "LLaDAModelLM", false, false, false, ChatTemplate.LLADA, 5e5f),
    /** Dream: Qwen2 names and Q/K/V biases, rotate-half RoPE, and row p of the logits predicts p+1. */
    DREAM("dream", "DreamModel", true, true, false, ChatTemplate.CHATML, 1e6f),
    /**
     * LLaDA-MoE (7B-A1B): LLaDA's objective on Ling's mixture-of-experts body: per-head QK norm,
     * rotate-half RoPE that llama.cpp's converter leaves unpermuted, 64 experts of which 8 per token.
     */
    LLADA_MOE("llada-moe", "LLaDAMoEModelLM", false, true, true, ChatTemplate.LING, 5e4f);

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
    /** The template chat prompts are rendered with when the tokenizer can spell it. */
    public final ChatTemplate chatTemplate;
    /** The RoPE base its released checkpoints use (random test models take it). */
    public final float ropeTheta;

    Architecture(String ggufName, String hfClass, boolean shiftsLogits, boolean ggufRopeHalf, boolean qkNorm, ChatTemplate chatTemplate, float ropeTheta) {
        this.ggufName = ggufName;
        this.hfClass = hfClass;
        this.shiftsLogits = shiftsLogits;
        this.ggufRopeHalf = ggufRopeHalf;
        this.qkNorm = qkNorm;
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
