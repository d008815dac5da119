package dev.dilate.server;

import com.google.gson.JsonObject;
import dev.dilate.synthetic.Families;
import dev.dilate.synthetic.Split;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.model.ShippedModels;
import dev.dilate.planner.Planners;
import dev.dilate.session.Prompt;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page at / in headless Chromium: type a prompt, pick three planners and B, run, and check
 * each panel's canvas and counters against the library's own decode. The shipped model on a
 * held-out sum by default; -Ddilate.serve.model=FILE -Ddilate.serve.prompt=TEXT run it on another, and
 * -Ddilate.serve.screenshot=FILE.png keeps the final screenshot there and one taken mid-run as FILE-running.png
 * (both go to target/ always).
 */
class ServeBrowserTest {
    @TempDir Path dir;

    private static final List<String> PLANNERS = List.of("dus", "confidence", "eb:gamma=1");
    private static final int BLOCK = 8, GEN = 32;

    /** One panel as the page shows it: its data attributes, counters, text and, per canvas cell, whether it is drawn masked. */
    private static final String READ_PANEL = """
            (p => {
              const c = p.querySelector('canvas'), g = c.getContext('2d'), cols = Math.min(%d, 16), rowsPerBlock = Math.ceil(%d / cols);
              let masked = 0, skipped = 0;
              for (let i = 0; i < %d; i++) {
                const b = Math.floor(i / %d), o = i %% %d;
                const d = g.getImageData(1 + (o %% cols) * 22 + 2, 1 + (b * rowsPerBlock + Math.floor(o / cols)) * 26 + 2, 1, 1).data;
                if (d[0] === 236 && d[1] === 238 && d[2] === 241) masked++;
                if (d[0] === 247 && d[1] === 247 && d[2] === 244) skipped++;
              }
              return {state: p.dataset.state, planner: p.dataset.planner, nfe: +p.dataset.nfe, steps: +p.dataset.steps,
                      revealed: +p.dataset.revealed, nfeCell: p.querySelector('.nfe').textContent, stepsCell: p.querySelector('.steps').textContent,
                      speedup: p.querySelector('.speedup').textContent, text: p.querySelector('.text').textContent,
                      time: p.querySelector('.time').textContent, width: c.width, height: c.height, masked, skipped};
            })(document.getElementById('panel-%d'))""";

    @Test
    void thePageRunsThreePlannersSideBySide() throws Exception {
        assumeTrue(Files.isExecutable(Cdp.CHROMIUM), "skipped: headless Chromium (/usr/bin/chromium) is not installed; apt-get install chromium");
        String modelFile = System.getProperty("dilate.serve.model", ShippedModels.NAME);
        String prompt = System.getProperty("dilate.serve.prompt",
                Split.heldOut(Families.named(ShippedModels.FAMILY), 1, 3).getFirst().prompt());
        try (Subject subject = Subjects.open(modelFile);
             DilateServer server = DilateServer.start(subject, Path.of(modelFile).getFileName().toString(), new InetSocketAddress("127.0.0.1", 0), ServerLimits.defaults());
             Cdp browser = new Cdp(dir.resolve("profile"), 1560, 760)) {
            browser.call("Page.navigate", Map.of("url", server.uri().toString()));
            browser.await("document.readyState === 'complete' && document.getElementById('model').textContent.startsWith('model:')", Duration.ofSeconds(30));
            browser.type("#prompt", prompt);
            for (int i = 0; i < PLANNERS.size(); i++) browser.type("#planner-" + i, PLANNERS.get(i));
            browser.eval("(s => { s.value = '" + BLOCK + "'; s.dispatchEvent(new Event('change')); })(document.getElementById('block'))");
            browser.type("#max-tokens", String.valueOf(GEN));
            browser.click("#run");

            browser.await("document.querySelectorAll('.panel').length === 3 && +document.getElementById('panel-0').dataset.steps >= 3", Duration.ofSeconds(30));
            // The answer came long before the replay ends: its time is shown while the steps still play.
            browser.await("document.querySelector('#panel-0 .time').textContent !== '-'", Duration.ofSeconds(10));
            assertEquals("running", browser.eval("document.getElementById('panel-0').dataset.state").getAsString());
            byte[] running = browser.screenshot();
            Files.write(screenshot("serve-browser-running.png"), running);
            browser.eval("document.getElementById('pace').value = '0'");
            browser.await("[...document.querySelectorAll('.panel')].every(p => p.dataset.state !== 'running')", Duration.ofSeconds(120));
            byte[] png = browser.screenshot();
            Files.write(screenshot("serve-browser.png"), png);
            String keep = System.getProperty("dilate.serve.screenshot");
            if (keep != null) {
                Files.write(Path.of(keep), png);
                Files.write(Path.of(keep.replaceFirst("\\.png$", "") + "-running.png"), running);
            }

            for (int i = 0; i < PLANNERS.size(); i++) {
                Generation g = new Generator(subject.denoiser()).generate(subject.encode(Prompt.text(prompt)), Planners.create(PLANNERS.get(i), BLOCK),
                        GenerationConfig.of(GEN, BLOCK).withStops(subject.stopTokens(), List.of()));
                JsonObject panel = browser.eval(READ_PANEL.formatted(BLOCK, BLOCK, GEN, BLOCK, BLOCK, i)).getAsJsonObject();
                String who = PLANNERS.get(i) + ": " + panel;
                assertEquals("done", panel.get("state").getAsString(), who);
                assertEquals(PLANNERS.get(i), panel.get("planner").getAsString(), who);
                assertEquals(g.nfe(), panel.get("nfe").getAsInt(), who);
                assertEquals(String.valueOf(g.nfe()), panel.get("nfeCell").getAsString(), who);
                assertEquals(g.trace().steps().size(), panel.get("steps").getAsInt(), who);
                assertEquals(String.valueOf(g.trace().steps().size()), panel.get("stepsCell").getAsString(), who);
                assertEquals(g.decodedPositions(), panel.get("revealed").getAsInt(), who);
                assertEquals(0, panel.get("masked").getAsInt(), "cells still drawn masked: " + who);
                assertEquals(GEN - g.decodedPositions(), panel.get("skipped").getAsInt(), "cells drawn as not decoded: " + who);
                assertEquals(g.text(), panel.get("text").getAsString(), who);
                assertTrue(panel.get("speedup").getAsString().endsWith("x"), who);
                assertEquals(Math.min(BLOCK, 16) * 22 + 2, panel.get("width").getAsInt(), who);
                assertEquals(GEN / BLOCK * (int) Math.ceil(BLOCK / 16.0) * 26 + 2, panel.get("height").getAsInt(), who);
            }
        }
    }

    /**
     * At 1280 px the three panels stand side by side for every B, a planner the server refuses
     * shows its message without an empty canvas, and nothing is left drawn as masked. Screenshots
     * go to target/serve-1280-B*.png.
     */
    @Test
    void threePanelsFitIn1280PixelsForEveryBlockSize() throws Exception {
        assumeTrue(Files.isExecutable(Cdp.CHROMIUM), "skipped: headless Chromium (/usr/bin/chromium) is not installed; apt-get install chromium");
        String prompt = Split.heldOut(Families.named(ShippedModels.FAMILY), 1, 3).getFirst().prompt();
        try (Subject subject = Subjects.open(ShippedModels.NAME);
             DilateServer server = DilateServer.start(subject, "default", new InetSocketAddress("127.0.0.1", 0), ServerLimits.defaults());
             Cdp browser = new Cdp(dir.resolve("profile"), 1280, 900)) {
            browser.call("Page.navigate", Map.of("url", server.uri().toString()));
            browser.await("document.readyState === 'complete' && document.getElementById('model').textContent.startsWith('model:')", Duration.ofSeconds(30));
            browser.type("#prompt", prompt);
            browser.type("#max-tokens", "32");
            browser.eval("document.getElementById('pace').value = '0'");
            for (int block : new int[] {4, 8, 16, 32, 64}) {
                List<String> planners = block == 16 ? List.of("dus", "no-such-planner", "confidence") : PLANNERS;
                for (int i = 0; i < planners.size(); i++) browser.type("#planner-" + i, planners.get(i));
                browser.eval("(s => { s.value = '" + block + "'; s.dispatchEvent(new Event('change')); })(document.getElementById('block'))");
                browser.click("#run");
                browser.await("document.querySelectorAll('.panel').length === 3 && [...document.querySelectorAll('.panel')].every(p => p.dataset.state !== 'running')",
                        Duration.ofSeconds(60));
                Files.write(screenshot("serve-1280-B" + block + ".png"), browser.screenshot());
                JsonObject layout = browser.eval("""
                        (() => { const r = [...document.querySelectorAll('.panel')].map(p => p.getBoundingClientRect());
                          return {tops: new Set(r.map(x => Math.round(x.top))).size, right: Math.max(...r.map(x => x.right)),
                                  page: document.documentElement.scrollWidth}; })()""").getAsJsonObject();
                String where = "B=" + block + ": " + layout;
                assertEquals(1, layout.get("tops").getAsInt(), "side by side: " + where);
                assertTrue(layout.get("right").getAsDouble() <= 1280 && layout.get("page").getAsInt() <= 1280, "within 1280 px: " + where);
                if (block == 16) {
                    JsonObject failed = browser.eval("""
                            (p => ({state: p.dataset.state, canvasShown: p.querySelector('canvas').offsetHeight > 0,
                                    text: p.querySelector('.text').textContent}))(document.getElementById('panel-1'))""").getAsJsonObject();
                    assertEquals("error", failed.get("state").getAsString(), failed.toString());
                    assertTrue(!failed.get("canvasShown").getAsBoolean() && failed.get("text").getAsString().contains("planner"), failed.toString());
                }
                for (int i = 0; i < 3; i++) {
                    if (block == 16 && i == 1) continue;
                    JsonObject panel = browser.eval(READ_PANEL.formatted(block, block, 32 / block * block == 32 ? 32 : block, block, block, i)).getAsJsonObject();
                    assertEquals(0, panel.get("masked").getAsInt(), "B=" + block + " panel " + i + ": " + panel);
                }
            }
        }
    }

    /** Where a screenshot goes: target/ under the folder the tests run in, made if a fresh clone has none. */
    private static Path screenshot(String name) throws java.io.IOException {
        return Files.createDirectories(Path.of("target")).resolve(name);
    }
}
