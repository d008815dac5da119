package dev.dilate.eval.run;

import dev.dilate.cli.Main;
import dev.dilate.model.RandomModels;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep then report, end to end, on a GGUF model and on the exact Markov denoiser. */
class SweepReportTest {
    @TempDir Path dir;

    private void sweepAndReport(String model, String task, String planners) throws Exception {
        Path results = dir.resolve(task + ".jsonl"), report = dir.resolve(task + "-report");
        assertEquals(0, Main.run("sweep", "--tasks", task, "--models", model, "--planners", planners, "--blocks", "8,16",
                "--gen", "16", "--style", "base", "--limit", "3", "--out", results.toString()));
        assertEquals(0, Main.run("report", results.toString(), "--out", report.toString()));
        String md = Files.readString(report.resolve("report.md"));
        for (String p : planners.split(";")) assertTrue(md.contains("| " + p + " | 8 | 3 |") && md.contains("| " + p + " | 16 | 3 |"), md);
        assertTrue(md.contains("pairwise distance"), md);
        assertTrue(Files.readString(report.resolve("report.html")).contains("<table>"));
        try (var files = Files.list(report)) {
            var pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
            assertEquals(2, pngs.size(), "one plot against NFE and one against time");
            BufferedImage img = ImageIO.read(pngs.get(0).toFile());
            assertNotNull(img);
            assertTrue(img.getWidth() > 500 && img.getHeight() > 300);
        }
        try (var files = Files.list(report)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".svg")));
        }
    }

    @Test
    void onAGgufModel() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        RandomModels.write(model, new RandomModels.Shape("llada", 64, 2, 4, 4, 96, 300, false), GGMLType.Q8_0, 4);
        sweepAndReport(model.toString(), "add", "dus;confidence;tbt");
    }

    @Test
    void onTheExactDenoiser() throws Exception {
        sweepAndReport("markov:builtin", "chain", "dus;eb:gamma=1;random");
    }
}
