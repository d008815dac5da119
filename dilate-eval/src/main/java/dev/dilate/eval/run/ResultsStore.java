package dev.dilate.eval.run;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.dilate.format.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A results file: one JSON record per line, appended and forced to disk as each sample finishes,
 * so a killed run loses at most the sample in flight. Reopening drops a half-written last line
 * (what a kill mid-write leaves) and remembers which (setting, problem) pairs are done, so a
 * resumed run neither repeats nor loses any. One process writes a file at a time (a file lock).
 * Reading checks every record ({@link ResultRecord#problemWith}: a bad one is an error naming the
 * file and line) and counts a (setting, problem) pair once, with a warning, if it is there twice.
 */
public final class ResultsStore implements AutoCloseable {
    /** Nulls are written (a metric with no value keeps its name); NaN and infinities never are: Gson refuses them. */
    static final Gson GSON = Json.COMPACT;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<ResultRecord> records;
    private final Set<String> done = new HashSet<>();

    private ResultsStore(Path file, FileChannel channel, FileLock lock, List<ResultRecord> records) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.records = records;
        for (ResultRecord r : records) done.add(id(r.key(), r.problem()));
    }

    /** Opens (creating if needed) a results file for appending. */
    public static ResultsStore open(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new IllegalArgumentException(file + ": another dilate run is writing to this results file");
            }
            byte[] bytes = Files.readAllBytes(file);
            int complete = lastNewline(bytes) + 1;
            if (complete < bytes.length) ch.truncate(complete);   // the fragment a kill mid-write left
            ch.position(complete);
            return new ResultsStore(file, ch, lock, parse(file, new String(bytes, 0, complete, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot open results file: " + e.getMessage(), e);
        }
    }

    /** Every complete record of a results file (a half-written last line is ignored). */
    public static List<ResultRecord> read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return parse(file, new String(bytes, 0, lastNewline(bytes) + 1, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read results file: " + e.getMessage(), e);
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == '\n') return i;
        return -1;
    }

    private static List<ResultRecord> parse(Path file, String text) {
        List<ResultRecord> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            ResultRecord r;
            try {
                r = GSON.fromJson(lines[i], ResultRecord.class);
            } catch (JsonParseException | NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a dilate result record: " + e.getMessage(), e);
            }
            // Files written before NaN was banned hold it for scores over nothing: read as undefined.
            String wrong = r == null ? "empty" : (r = r.defined()).problemWith();
            if (wrong != null) throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a valid dilate result record: " + wrong);
            Integer before = firstLine.putIfAbsent(id(r.key(), r.problem()), i + 1);
            if (before != null) {
                System.err.printf("dilate: %s: line %d repeats problem %s of setting %s (line %d); counted once%n", file, i + 1, r.problem(), r.key(), before);
                continue;
            }
            out.add(r);
        }
        return out;
    }

    private static String id(String key, String problem) { return key + "\u0000" + problem; }

    public Path file() { return file; }

    public synchronized boolean done(String key, String problem) { return done.contains(id(key, problem)); }

    public synchronized List<ResultRecord> records() { return List.copyOf(records); }

    /**
     * Appends one record and forces it to disk; a record already present is an error (it would
     * count twice), and so is an invalid one. NaN scores are written as null with a reason.
     */
    public synchronized void append(ResultRecord record) {
        ResultRecord r = record.defined();
        String wrong = r.problemWith();
        if (wrong != null) throw new IllegalArgumentException(file + ": refusing to write an invalid record for " + r.problem() + ": " + wrong);
        if (!done.add(id(r.key(), r.problem())))
            throw new IllegalStateException(file + ": problem " + r.problem() + " of " + r.key() + " is already recorded");
        ByteBuffer line = ByteBuffer.wrap((GSON.toJson(r) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) channel.write(line);
            channel.force(false);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot append a result: " + e.getMessage(), e);
        }
        records.add(r);
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
