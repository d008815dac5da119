package dev.dilate.tensor;

/** The weight encodings dilate reads, with their GGML type ids and block layouts. */
public enum GGMLType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q8_0(8, 32, 34),
    Q4_K(12, 256, 144),
    Q6_K(14, 256, 210),
    BF16(30, 1, 2);

    /** Id in GGUF tensor infos. */
    public final int id;
    /** Values per block. */
    public final int blockSize;
    /** Bytes per block. */
    public final int blockBytes;

    GGMLType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** Bytes taken by n values (n a multiple of the block size). */
    public long bytes(long n) {
        if (n % blockSize != 0) throw new IllegalArgumentException(this + " stores values in blocks of " + blockSize + "; " + n + " is not a multiple");
        return n / blockSize * blockBytes;
    }

    /** The type of a GGUF type id; throws IllegalArgumentException for an id dilate does not read. */
    public static GGMLType fromId(int id) {
        for (GGMLType t : values()) if (t.id == id) return t;
        throw new IllegalArgumentException("unsupported tensor type id " + id + " (dilate reads F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
    }

    /** The type of a name such as {@code q8_0}, case-insensitive; throws IllegalArgumentException for an unknown name. */
    public static GGMLType parse(String name) {
        for (GGMLType t : values()) if (t.name().equalsIgnoreCase(name)) return t;
        throw new IllegalArgumentException("unknown weight type '" + name + "' (known: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
    }
}
