package dev.dilate.eval.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CPython's {@code random.Random} (MT19937 seeded by {@code init_by_array}) as far as
 * {@code random.sample} needs it, so that few-shot exemplars lm-evaluation-harness draws with
 * {@code random.Random(1234)} are drawn here too, in the same order.
 */
final class PythonRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index = N;

    /** {@code random.Random(seed)} for a non-negative seed. */
    PythonRandom(long seed) {
        if (seed < 0) throw new IllegalArgumentException("seed must be non-negative: " + seed);
        // CPython splits the seed into 32-bit words, least significant first; 0 is one word.
        int[] key = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1, j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
        }
        mt[0] = 0x80000000;
    }

    /** The next 32 random bits (MT19937's {@code genrand_uint32}). */
    int nextInt32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
        }
        index = 0;
    }

    /** {@code _randbelow(n)}: rejection sampling on {@code getrandbits(n.bit_length())}. */
    int below(int n) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive: " + n);
        int bits = 32 - Integer.numberOfLeadingZeros(n);
        int r;
        do r = nextInt32() >>> (32 - bits); while (r >= n);
        return r;
    }

    /** {@code random.sample(population, k)}: k distinct elements in the order drawn. */
    <T> List<T> sample(List<T> population, int k) {
        int n = population.size();
        if (k < 0 || k > n) throw new IllegalArgumentException("sample larger than population or negative: " + k);
        int setSize = 21;
        if (k > 5) setSize += (int) Math.pow(4, Math.ceil(Math.log(k * 3.0) / Math.log(4)));
        List<T> out = new ArrayList<>(k);
        if (n <= setSize) {
            // Small populations: a partial shuffle of a copy.
            List<T> pool = new ArrayList<>(population);
            for (int i = 0; i < k; i++) {
                int j = below(n - i);
                out.add(pool.get(j));
                pool.set(j, pool.get(n - i - 1));
            }
        } else {
            // Large populations: redraw indices already taken.
            Set<Integer> taken = new HashSet<>();
            for (int i = 0; i < k; i++) {
                int j = below(n);
                while (!taken.add(j)) j = below(n);
                out.add(population.get(j));
            }
        }
        return out;
    }
}
