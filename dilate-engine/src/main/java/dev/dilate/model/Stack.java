package dev.dilate.model;

/**
 * Several canvases' recomputed positions laid one after another as the rows of one matrix, so
 * that a forward runs each weight product once for all of them (a weight row is then reused
 * across every canvas's positions) while attention stays inside each canvas. A canvas without a
 * cache recomputes every position; one with a cache only its fresh ones, the others' keys and
 * values coming from the cache. Also the layout of the rows whose logits are wanted: canvas i's
 * requested rows follow canvas i-1's.
 */
final class Stack {
    final int[][] canvases;
    /** Each canvas's cache, or null where it recomputes every position. */
    final KVCache[] caches;
    /** First stacked row of each canvas, and of each canvas's requested rows; one more entry holds the totals. */
    final int[] start, queryStart;
    /** Each stacked row's position inside its canvas (for the embedding and RoPE). */
    final int[] position;
    /** Each requested row's stacked index, and its position inside its canvas. */
    final int[] queryRow, queryPosition;

    /** fresh[i] lists canvas i's recomputed positions, ascending, or is null for all of them (and so is caches[i]). */
    Stack(int[][] canvases, int[][] rows, int[][] fresh, KVCache[] caches) {
        int n = canvases.length;
        if (n == 0) throw new IllegalArgumentException("a forward needs at least one canvas, got none");
        if (rows.length != n || fresh.length != n || caches.length != n)
            throw new IllegalArgumentException(n + " canvases but " + rows.length + " row sets, " + fresh.length + " fresh sets and " + caches.length + " caches");
        this.canvases = canvases;
        this.caches = caches;
        start = new int[n + 1];
        queryStart = new int[n + 1];
        int[][] recomputed = new int[n][];
        for (int i = 0; i < n; i++) {
            if (caches[i] != null && caches[i].length() != canvases[i].length)
                throw new IllegalArgumentException("the cache holds " + caches[i].length() + " positions but the canvas has " + canvases[i].length);
            recomputed[i] = fresh[i] == null ? all(canvases[i].length) : checkedFresh(fresh[i], canvases[i].length, caches[i]);
            start[i + 1] = start[i] + recomputed[i].length;
            queryStart[i + 1] = queryStart[i] + rows[i].length;
        }
        position = new int[start[n]];
        queryRow = new int[queryStart[n]];
        queryPosition = new int[queryStart[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(recomputed[i], 0, position, start[i], recomputed[i].length);
            for (int r = 0; r < rows[i].length; r++) {
                int row = rows[i][r];
                if (row < 0 || row >= canvases[i].length) throw new IllegalArgumentException("row " + row + " is outside the canvas of " + canvases[i].length);
                int at = java.util.Arrays.binarySearch(recomputed[i], row);
                if (at < 0) throw new IllegalArgumentException("row " + row + " is asked for but not recomputed: its logits need its fresh hidden state");
                queryRow[queryStart[i] + r] = start[i] + at;
                queryPosition[queryStart[i] + r] = row;
            }
        }
        for (int i = 0; i < n; i++) if (caches[i] != null) caches[i].checkCovered(recomputed[i]);
    }

    /** After the forward has stored them: each cached canvas's recomputed positions are now known. */
    void commit() {
        for (int i = 0; i < size(); i++) if (caches[i] != null) caches[i].markKnown(position, start[i], start[i + 1]);
    }

    private static int[] all(int length) {
        int[] p = new int[length];
        for (int t = 0; t < length; t++) p[t] = t;
        return p;
    }

    private static int[] checkedFresh(int[] fresh, int length, KVCache cache) {
        if (cache == null) throw new IllegalArgumentException("only a cached canvas can recompute some of its positions");
        for (int j = 0; j < fresh.length; j++)
            if (fresh[j] < 0 || fresh[j] >= length || (j > 0 && fresh[j] <= fresh[j - 1]))
                throw new IllegalArgumentException("fresh positions must ascend inside the canvas of " + length + "; got " + java.util.Arrays.toString(fresh));
        return fresh;
    }

    int size() { return canvases.length; }
    int totalRows() { return start[size()]; }
    int totalQueries() { return queryStart[size()]; }
    int longest() {
        int m = 0;
        for (int[] c : canvases) m = Math.max(m, c.length);
        return m;
    }
}
