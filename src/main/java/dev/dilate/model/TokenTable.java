package dev.dilate.model;

import dev.dilate.generate.Vocabulary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Token ids to text for byte-level BPE vocabularies (GPT-2 style, as LLaDA and Dream use): each
 * token string spells bytes with GPT-2's printable byte alphabet, which decoding maps back.
 */
public final class TokenTable implements Vocabulary {
    private static final int[] BYTE_OF_CHAR = new int[512];
    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_OF_CHAR[printable ? b : 256 + n++] = b;
        }
    }

    private final List<String> tokens;
    private final int eos;
    private final int eot;

    public TokenTable(List<String> tokens, int eos, int eot) {
        this.tokens = List.copyOf(tokens);
        this.eos = eos;
        this.eot = eot;
    }

    /** A table of placeholder names for a model without a tokenizer. */
    public static TokenTable placeholders(int size) {
        return new TokenTable(java.util.stream.IntStream.range(0, size).mapToObj(i -> "<" + i + ">").toList(), -1, -1);
    }

    @Override public int size() { return tokens.size(); }
    @Override public int eosId() { return eos; }
    @Override public int eotId() { return eot; }

    @Override
    public String piece(int id) { return decode(new int[] {id}); }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= tokens.size()) { bytes.writeBytes(("<" + id + ">").getBytes(StandardCharsets.UTF_8)); continue; }
            String t = tokens.get(id);
            boolean byteLevel = t.codePoints().allMatch(c -> c < BYTE_OF_CHAR.length && BYTE_OF_CHAR[c] >= 0);
            if (byteLevel) t.codePoints().forEach(c -> bytes.write(BYTE_OF_CHAR[c]));
            else bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));   // special tokens are spelled as text
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
