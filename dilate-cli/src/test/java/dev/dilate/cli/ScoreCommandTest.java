package dev.dilate.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `dilate score`: completions from elsewhere through eval's scorers. */
class ScoreCommandTest {
    @TempDir Path dir;

    private static List<JsonObject> lines(String out) {
        return out.lines().filter(l -> !l.isBlank()).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    @Test
    void gsm8kCompletionsAreScoredByIdOrProblem() throws Exception {
        Path in = dir.resolve("c.jsonl");
        Files.writeString(in, """
                {"id": "gsm8k/0", "completion": "She sells 9 eggs for $2 each.\\n#### 18"}
                {"problem": "gsm8k/1", "completion": "The answer is 7."}

                {"id": "gsm8k/0", "completion": "So the total is 18 dollars.\\nQuestion: next one, answer 5"}
                """);
        CliTest.Result r = CliTest.run("score", "--task", "gsm8k", "--in", in.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonObject> out = lines(r.out());
        assertEquals(3, out.size());
        assertEquals("gsm8k/0", out.get(0).get("problem").getAsString());
        assertEquals(1.0, out.get(0).getAsJsonObject("metrics").get("strict").getAsDouble());
        assertEquals(0.0, out.get(1).getAsJsonObject("metrics").get("flexible").getAsDouble());
        assertEquals("flexible", out.get(0).get("primary").getAsString());
        // Uncut, the last number (5) is the flexible answer; cut at base-style stops it is 18.
        assertEquals(0.0, out.get(2).getAsJsonObject("metrics").get("flexible").getAsDouble());
        CliTest.Result cut = CliTest.run("score", "--task", "gsm8k", "--in", in.toString(), "--cut", "base");
        assertEquals(1.0, lines(cut.out()).get(2).getAsJsonObject("metrics").get("flexible").getAsDouble());
        assertTrue(r.err().contains("flexible") && r.err().contains("±"), r.err());
    }

    @Test
    void codeIsRunInTheSandboxAndAnEarlyExitIsNoPass() throws Exception {
        String solution = "    for i, a in enumerate(numbers):\n        for j, b in enumerate(numbers):\n"
                + "            if i != j and abs(a - b) < threshold:\n                return True\n    return False\n";
        String cheat = "    import sys\n    sys.exit(0)\n";
        Path in = dir.resolve("code.jsonl");
        Files.writeString(in, Json.line(java.util.Map.of("id", "HumanEval/0", "completion", solution)) + "\n"
                + Json.line(java.util.Map.of("id", "HumanEval/0", "completion", cheat)) + "\n");
        Path out = dir.resolve("scored.jsonl");
        CliTest.Result r = CliTest.run("score", "--task", "humaneval", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonObject> scored = lines(Files.readString(out));
        assertEquals(1.0, scored.get(0).getAsJsonObject("metrics").get("pass@1").getAsDouble());
        assertEquals(0.0, scored.get(1).getAsJsonObject("metrics").get("pass@1").getAsDouble());
    }

    @Test
    void badInputNamesTheLine() throws Exception {
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, "{\"id\": \"gsm8k/0\", \"completion\": \"18\"}\n{\"id\": \"gsm8k/999999\", \"completion\": \"1\"}\n");
        CliTest.Result r = CliTest.run("score", "--task", "gsm8k", "--in", in.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2") && r.err().contains("gsm8k/999999"), r.err());
        Files.writeString(in, "{\"id\": \"gsm8k/0\"}\n");
        assertTrue(CliTest.run("score", "--task", "gsm8k", "--in", in.toString()).err().contains("no \"completion\""));
        Files.writeString(in, "not json\n");
        assertTrue(CliTest.run("score", "--task", "gsm8k", "--in", in.toString()).err().contains("line 1 is not a JSON object"));
    }
}
