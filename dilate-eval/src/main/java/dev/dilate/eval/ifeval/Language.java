package dev.dilate.eval.ifeval;

import com.cybozu.labs.langdetect.Detector;
import com.cybozu.labs.langdetect.DetectorFactory;
import com.cybozu.labs.langdetect.LangDetectException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Language identification as IFEval's {@code langdetect.detect}: Shuyo's Java langdetect, of which
 * Python's langdetect is a port (same n-gram profiles and sampling algorithm). Its sampling is random,
 * so the seed is fixed to make scores reproducible (lm-eval leaves it unseeded).
 */
final class Language {
    private Language() {}

    private static final long SEED = 0;

    /** True when {@code text} is detected as {@code code}, or when nothing can be detected, which the reference counts as followed. */
    static boolean is(String text, String code) {
        try {
            return detect(text).equals(code);
        } catch (LangDetectException e) {
            return true;
        }
    }

    /** The ISO 639-1 code (zh-cn/zh-tw for Chinese) of the language of {@code text}. */
    static String detect(String text) throws LangDetectException {
        Detector d;
        synchronized (Language.class) {
            loadProfiles();
            d = DetectorFactory.create();
        }
        d.append(text);
        return d.detect();
    }

    private static boolean loaded;

    // DetectorFactory is a process-wide singleton that refuses to load a profile twice.
    private static void loadProfiles() throws LangDetectException {
        if (loaded) return;
        DetectorFactory.loadProfile(profiles());
        DetectorFactory.setSeed(SEED);
        loaded = true;
    }

    /** The JSON profiles shipped in the langdetect jar under {@code profiles/}. */
    private static List<String> profiles() {
        URL english = DetectorFactory.class.getResource("/profiles/en");
        if (english == null) throw new IllegalStateException("langdetect profiles not on the class path");
        try {
            Path dir = folderOf(english);
            List<String> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read langdetect profiles: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path folderOf(URL profile) throws IOException, URISyntaxException {
        if (!profile.getProtocol().equals("jar")) return Path.of(profile.toURI()).getParent();
        FileSystem jar;
        try {
            jar = FileSystems.newFileSystem(profile.toURI(), Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(profile.toURI());
        }
        return jar.getPath("/profiles");
    }
}
