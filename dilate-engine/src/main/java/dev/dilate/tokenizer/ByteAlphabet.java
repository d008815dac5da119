package dev.dilate.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's printable byte alphabet: byte-level BPE vocabularies spell every byte as one visible
 * character, so that spaces and control bytes can live inside token strings (' ' becomes 'Ġ').
 */
final class ByteAlphabet {
    private ByteAlphabet() {}

    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[512];
    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : 256 + shifted++);
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    /** The alphabet's character for one byte. */
    static char charOf(int b) { return CHAR_OF_BYTE[b & 0xFF]; }

    /** The byte a character spells, or -1 when the character is outside the alphabet. */
    static int byteOf(int c) { return c >= 0 && c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1; }

    /** Spells bytes with the alphabet. */
    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = charOf(bytes[i]);
        return new String(out);
    }
}
