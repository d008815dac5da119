package dev.dilate.model;

/**
 * Several canvases laid one after another as the rows of one matrix, so that a forward runs each
 * weight product once for all of them (a weight row is then reused across every canvas's
 * positions) while attention stays inside each canvas. Also the layout of the rows whose logits
 * are wanted: canvas i's requested rows follow canvas i-1's.
 */
final class Stack {
    final int[][] canvases;
    /** First stacked row of each canvas, and of each canvas's requested rows; one more entry holds the totals. */
    final int[] start, queryStart;
    /** Each stacked row's position inside its canvas (for RoPE). */
    final int[] position;
    /** Each requested row's stacked index, and its position inside its canvas. */
    final int[] queryRow, queryPosition;

    Stack(int[][] canvases, int[][] rows) {
        if (canvases.length == 0) throw new IllegalArgumentException("a forward needs at least one canvas, got none");
        if (canvases.length != rows.length)
            throw new IllegalArgumentException(canvases.length + " canvases but " + rows.length + " row sets");
        this.canvases = canvases;
        int n = canvases.length;
        start = new int[n + 1];
        queryStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            for (int r : rows[i])
                if (r < 0 || r >= canvases[i].length) throw new IllegalArgumentException("row " + r + " is outside the canvas of " + canvases[i].length);
            start[i + 1] = start[i] + canvases[i].length;
            queryStart[i + 1] = queryStart[i] + rows[i].length;
        }
        position = new int[start[n]];
        queryRow = new int[queryStart[n]];
        queryPosition = new int[queryStart[n]];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < canvases[i].length; t++) position[start[i] + t] = t;
            for (int r = 0; r < rows[i].length; r++) {
                queryRow[queryStart[i] + r] = start[i] + rows[i][r];
                queryPosition[queryStart[i] + r] = rows[i][r];
            }
        }
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
