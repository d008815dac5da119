package dev.dilate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU a figure was measured on, from /proc/cpuinfo: name, family and model (AMD family 25 is
 * Zen 3/4, 26 is Zen 5, which issues twice the 512-bit FMAs per cycle), and the vector extensions
 * that decide which kernels can run. Every benchmark prints it beside its numbers.
 */
public final class Machine {
    private Machine() {}

    public static String describe() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | UnsupportedOperationException e) {
            return System.getProperty("os.arch") + " (no /proc/cpuinfo)";
        }
        String name = field(lines, "model name"), family = field(lines, "cpu family"), model = field(lines, "model");
        String flags = " " + field(lines, "flags") + " ";
        StringBuilder ext = new StringBuilder();
        for (String f : new String[] {"avx2", "avx512f", "avx512_vnni", "avx512_bf16"})
            if (flags.contains(" " + f + " ")) ext.append(ext.isEmpty() ? "" : " ").append(f);
        return String.format("%s (family %s, model %s; %s)", name, family, model, ext.isEmpty() ? "no AVX2" : ext);
    }

    private static String field(List<String> lines, String key) {
        for (String l : lines) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equals(key)) return l.substring(colon + 1).trim();
        }
        return "?";
    }
}
