package dev.dilate.tokenizer;

/**
 * The ids a decoder needs to know by role; -1 where the vocabulary has none.
 *
 * @param addBos whether prompts start with the BOS token (GGUF's {@code add_bos_token})
 */
public record SpecialIds(int bos, int eos, int eot, int mask, int pad, boolean addBos) {
    /** No special ids, and no BOS. */
    public static final SpecialIds NONE = new SpecialIds(-1, -1, -1, -1, -1, false);
}
