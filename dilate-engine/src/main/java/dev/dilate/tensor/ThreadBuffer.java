package dev.dilate.tensor;

/**
 * A float buffer per thread, grown to the largest size asked of it and then reused: products run
 * thousands of times a decode, and a fresh panel each time would be megabytes of garbage a call
 * (G1 allocates an array of 1 MB or more outside its young generation, at milliseconds each).
 */
public final class ThreadBuffer {
    private final ThreadLocal<float[]> buffer = ThreadLocal.withInitial(() -> new float[0]);

    /** A buffer that starts empty on every thread. */
    public ThreadBuffer() {}

    /** This thread's buffer, at least {@code size} floats long (its contents are left over from earlier use). */
    public float[] floats(int size) {
        float[] b = buffer.get();
        if (b.length < size) buffer.set(b = new float[size]);
        return b;
    }
}
