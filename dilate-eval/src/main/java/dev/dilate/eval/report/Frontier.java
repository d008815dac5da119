package dev.dilate.eval.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The speed-quality frontier: the primary score against cost (NFE, or seconds per sample, on a
 * log axis), one curve per planner (and cache mode) through its block sizes; drawn with JFreeChart
 * as PNG and SVG. Each point is labelled with its B and carries an error bar of one standard error;
 * the NFE axis ticks at the NFE values present. A planner keeps its colour across cache modes, and
 * each cache mode has its own dash pattern.
 */
final class Frontier {
    private Frontier() {}

    private static final int WIDTH = 760, HEIGHT = 460;
    /** Room left and right of the outermost points, as a factor of x. */
    private static final double MARGIN = 1.3;
    /** How far apart (in doublings of x) neighbouring curves are drawn. */
    private static final double DODGE = 0.025;
    /** Solid, dashed, dotted, dash-dot: one per cache mode, in the order they first appear. */
    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};
    /** Colours that stay apart on white and for common colour blindness (Okabe-Ito). */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    /**
     * Writes {@code base}.png and {@code base}.svg; returns the file names. With {@code tickAtValues}
     * the x axis ticks exactly at the x values present (NFE: a handful of counts), else at round numbers.
     */
    static List<String> write(Path dir, String base, String title, List<Summary.Row> rows, String xLabel,
                              ToDoubleFunction<Summary.Row> x, boolean tickAtValues) throws IOException {
        Map<String, List<Summary.Row>> curves = new LinkedHashMap<>();
        List<String> planners = new ArrayList<>(), caches = new ArrayList<>();
        TreeSet<Double> xs = new TreeSet<>();
        for (Summary.Row r : rows) {
            double xv = x.applyAsDouble(r);
            if (!(xv > 0) || Double.isNaN(r.score())) continue;
            curves.computeIfAbsent(r.label(), p -> new ArrayList<>()).add(r);
            xs.add(xv);
            if (!planners.contains(r.planner())) planners.add(r.planner());
            if (!caches.contains(r.cache())) caches.add(r.cache());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<List<Summary.Row>> points = new ArrayList<>();
        for (Map.Entry<String, List<Summary.Row>> c : curves.entrySet()) {
            List<Summary.Row> sorted = c.getValue().stream().sorted(Comparator.comparingDouble(x)).toList();
            YIntervalSeries series = new YIntervalSeries(c.getKey(), false, true);
            // Curves sharing an x (every planner at one B has one NFE) are drawn a little apart, so their bars stay readable.
            double dodge = Math.pow(2, DODGE * (points.size() - (curves.size() - 1) / 2.0));
            for (Summary.Row r : sorted) {
                double se = Double.isNaN(r.stdError()) ? 0 : r.stdError();
                series.add(x.applyAsDouble(r) * dodge, r.score(), r.score() - se, r.score() + se);
            }
            data.addSeries(series);
            points.add(sorted);
        }
        String yLabel = rows.isEmpty() ? "score" : rows.get(0).primary() + (rows.get(0).higherIsBetter() ? " (higher is better)" : " (lower is better)")
                + ", bars: ± 1 standard error";
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (!xs.isEmpty()) plot.setDomainAxis(new TicksAt(xLabel + " (log scale)", xs, tickAtValues ? apart(xs) : roundNumbers(xs.first() / MARGIN, xs.last() * MARGIN)));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(6);
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> "B=" + points.get(series).get(item).block());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        int i = 0;
        for (List<Summary.Row> curve : points) {
            Summary.Row r = curve.getFirst();
            renderer.setSeriesPaint(i, PALETTE[planners.indexOf(r.planner()) % PALETTE.length]);
            float[] dash = DASHES[caches.indexOf(r.cache()) % DASHES.length];
            renderer.setSeriesStroke(i++, dash == null ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        }
        plot.setRenderer(renderer);
        chart.setBackgroundPaint(Color.WHITE);
        // The legend takes a line per five curves or so: grow the picture rather than squeeze the plot.
        int height = HEIGHT + 18 * Math.max(0, (curves.size() + 4) / 5 - 2);
        ChartUtils.saveChartAsPNG(dir.resolve(base + ".png").toFile(), chart, WIDTH, height);
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
        chart.draw(svg, new Rectangle(0, 0, WIDTH, height));
        Files.writeString(dir.resolve(base + ".svg"), svg.getSVGDocument(), StandardCharsets.UTF_8);
        return List.of(base + ".png", base + ".svg");
    }

    /** The values, less any within 9% of the one kept before it (63.3, 63.5 and 64 NFE would print over each other). */
    private static List<Double> apart(TreeSet<Double> values) {
        List<Double> kept = new ArrayList<>();
        for (double v : values) if (kept.isEmpty() || v / kept.getLast() >= 1.09) kept.add(v);
        return kept;
    }

    /** 1, 2 and 5 times the powers of ten within [from, to] (every digit where that gives fewer than 3): ticks for seconds. */
    private static List<Double> roundNumbers(double from, double to) {
        List<Double> ticks = new ArrayList<>();
        for (double[] mantissas : new double[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
            ticks.clear();
            for (double decade = Math.pow(10, Math.floor(Math.log10(from))); decade <= to; decade *= 10)
                for (double m : mantissas) if (m * decade >= from && m * decade <= to) ticks.add(m * decade);
            if (ticks.size() >= 3) break;
        }
        return ticks;
    }

    /** A log axis over the x values present (with a margin), ticking at the given values only. */
    private static final class TicksAt extends LogAxis {
        private final List<Double> ticks;

        TicksAt(String label, TreeSet<Double> present, List<Double> ticks) {
            super(label);
            this.ticks = ticks;
            setBase(2);
            setSmallestValue(1e-6);
            setAutoRange(false);
            setRange(present.first() / MARGIN, present.last() * MARGIN);
        }

        @Override
        protected List<NumberTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> out = new ArrayList<>();
            DecimalFormat format = new DecimalFormat(ticks.getLast() >= 10 ? "0.#" : "0.###");
            for (double v : ticks) out.add(new NumberTick(TickType.MAJOR, v, format.format(v), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
            return out;
        }
    }
}
