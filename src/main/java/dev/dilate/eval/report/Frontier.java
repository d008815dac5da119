package dev.dilate.eval.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The speed-quality frontier: the primary score against cost (NFE, or seconds per sample, on a
 * log axis), one curve per planner (and cache mode) through its block sizes; drawn with JFreeChart as PNG and SVG.
 * A planner keeps its colour across cache modes, and each cache mode has its own dash pattern.
 */
final class Frontier {
    private Frontier() {}

    private static final int WIDTH = 760, HEIGHT = 460;
    /** Colours that stay apart on white and for common colour blindness (Okabe-Ito). */
    /** Solid, dashed, dotted, dash-dot: one per cache mode, in the order they first appear. */
    private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    /** Writes {@code base}.png and {@code base}.svg; returns the file names. */
    static List<String> write(Path dir, String base, String title, List<Summary.Row> rows, String xLabel,
                              ToDoubleFunction<Summary.Row> x) throws IOException {
        Map<String, XYSeries> curves = new LinkedHashMap<>();
        Map<String, Summary.Row> firstOf = new LinkedHashMap<>();
        List<String> planners = new ArrayList<>(), caches = new ArrayList<>();
        for (Summary.Row r : rows) {
            double xv = x.applyAsDouble(r);
            if (!(xv > 0) || Double.isNaN(r.score())) continue;
            curves.computeIfAbsent(r.label(), p -> new XYSeries(p, true, true)).add(xv, r.score());
            firstOf.putIfAbsent(r.label(), r);
            if (!planners.contains(r.planner())) planners.add(r.planner());
            if (!caches.contains(r.cache())) caches.add(r.cache());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        curves.values().forEach(data::addSeries);
        String yLabel = rows.isEmpty() ? "score" : rows.get(0).primary() + (rows.get(0).higherIsBetter() ? " (higher is better)" : " (lower is better)");
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis(xLabel + " (log scale)");
        axis.setBase(2);                                  // NFE doubles from one block size to the next
        axis.setSmallestValue(1e-3);
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        axis.setTickUnit(new NumberTickUnit(1));          // one tick per doubling
        plot.setDomainAxis(axis);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Summary.Row r : firstOf.values()) {
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
}
