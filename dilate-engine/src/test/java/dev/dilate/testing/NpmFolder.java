package dev.dilate.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * npm packages a test runs against (an independent implementation, an official client), installed
 * from the npm registry into a git-ignored folder of the project on first use and reused while the
 * test resources' package.json is unchanged. Skips the test, saying why, where node or npm is
 * missing or the install fails.
 */
public final class NpmFolder {
    private NpmFolder() {}

    /**
     * Copies {@code package.json} and the given scripts from the test resources under
     * {@code /resourceDir/} into {@code folder}, runs npm install there when needed, and returns
     * the folder.
     */
    public static Path install(Path folder, String resourceDir, String... scripts) throws IOException, InterruptedException {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not both on PATH: skipping the test that runs " + resourceDir);
        Files.createDirectories(folder);
        byte[] wanted = resource(resourceDir, "package.json");
        Path installed = folder.resolve("package.json");
        boolean current = Files.isDirectory(folder.resolve("node_modules")) && Files.exists(installed)
                && Arrays.equals(wanted, Files.readAllBytes(installed));
        for (String script : scripts) Files.write(folder.resolve(script), resource(resourceDir, script));
        if (current) return folder;
        Files.write(installed, wanted);
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock")
                .directory(folder.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(600, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && p.exitValue() == 0, "npm install of " + resourceDir + " failed, skipping: " + log);
        return folder;
    }

    private static byte[] resource(String dir, String name) throws IOException {
        try (InputStream in = NpmFolder.class.getResourceAsStream("/" + dir + "/" + name)) {
            if (in == null) throw new IOException("missing test resource /" + dir + "/" + name);
            return in.readAllBytes();
        }
    }

    /** Whether a command runs and exits 0 within a minute. */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
