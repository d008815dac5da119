package dev.dilate.tokenizer;

/** The kinds of token GGUF's {@code tokenizer.ggml.token_type} distinguishes (llama.cpp's numbering). */
public enum TokenType {
    NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

    /** The number GGUF stores. */
    public final int code;

    TokenType(int code) { this.code = code; }

    /** The type GGUF stores as {@code code}; throws IllegalArgumentException for a number llama.cpp does not define. */
    public static TokenType of(long code) {
        for (TokenType t : values()) if (t.code == code) return t;
        throw new IllegalArgumentException("unknown token type " + code);
    }

    /** Whether the token's string is byte-level BPE text (decoded through the byte alphabet) rather than literal text. */
    boolean byteLevel() { return this == NORMAL || this == BYTE; }
}
