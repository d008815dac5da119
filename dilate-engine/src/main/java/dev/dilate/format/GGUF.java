package dev.dilate.format;

/** Constants of the GGUF v3 format shared by the reader and the writer. */
final class GGUF {
    private GGUF() {}

    static final int MAGIC = 0x46554747;          // "GGUF" read little-endian
    static final int VERSION = 3;
    static final int DEFAULT_ALIGNMENT = 32;

    /** Metadata value types. */
    static final int U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, BOOL = 7, STRING = 8,
            ARRAY = 9, U64 = 10, I64 = 11, F64 = 12;

    static String typeName(int t) {
        return switch (t) {
            case U8 -> "u8"; case I8 -> "i8"; case U16 -> "u16"; case I16 -> "i16"; case U32 -> "u32";
            case I32 -> "i32"; case F32 -> "f32"; case BOOL -> "bool"; case STRING -> "string"; case ARRAY -> "array";
            case U64 -> "u64"; case I64 -> "i64"; case F64 -> "f64";
            default -> "type " + t;
        };
    }
}
