package dev.dilate.format;

import dev.dilate.tensor.GGMLType;

/**
 * The element types a safetensors header may name. Only the float types that share a byte
 * layout with a GGML type can be used as weights; the others are listed so that a file holding
 * them still opens and the error names the offending tensor.
 */
public enum SafetensorsDtype {
    BOOL(1, null), U8(1, null), I8(1, null), F8_E5M2(1, null), F8_E4M3(1, null),
    I16(2, null), U16(2, null), F16(2, GGMLType.F16), BF16(2, GGMLType.BF16),
    I32(4, null), U32(4, null), F32(4, GGMLType.F32),
    I64(8, null), U64(8, null), F64(8, null);

    /** Bytes per element. */
    public final int size;
    /** The GGML type with the same layout, or null if dilate cannot compute with this dtype. */
    public final GGMLType weightType;

    SafetensorsDtype(int size, GGMLType weightType) {
        this.size = size;
        this.weightType = weightType;
    }

    /** The dtype of a header name, or null if unknown. */
    static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) if (d.name().equals(name)) return d;
        return null;
    }

    /** The dtype with the same layout as a weight type; throws IllegalArgumentException for any type but F32, F16 and BF16. */
    public static SafetensorsDtype of(GGMLType type) {
        for (SafetensorsDtype d : values()) if (d.weightType == type) return d;
        throw new IllegalArgumentException("safetensors has no dtype for " + type + " (F32, F16 and BF16 only)");
    }
}
