package dev.dilate.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK's WebSocket client:
 * one page, commands by id, answers matched to them. Enough to load a page, type, click, read
 * the DOM and take a screenshot.
 */
final class Cdp implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();

    Cdp(Path profile, int width, int height) throws Exception {
        browser = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-dev-shm-usage", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI browserUri = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; browserUri == null && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) browserUri = URI.create(m.group(1));
        }
        if (browserUri == null) throw new IllegalStateException("chromium did not start its DevTools endpoint");
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> {}));   // keep draining its log
        HttpClient http = HttpClient.newHttpClient();
        URI list = URI.create("http://" + browserUri.getAuthority() + "/json/list");
        String pageSocket = null;
        for (JsonElement t : JsonParser.parseString(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body()).getAsJsonArray())
            if (t.getAsJsonObject().get("type").getAsString().equals("page")) pageSocket = t.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
        if (pageSocket == null) throw new IllegalStateException("chromium has no page target");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** Sends a command and waits for its result. */
    JsonObject call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        socket.sendText(Http.GSON.toJson(Map.of("id", id, "method", method, "params", params)), true).get(10, TimeUnit.SECONDS);
        JsonObject reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) throw new IllegalStateException(method + ": " + reply.get("error"));
        return reply.getAsJsonObject("result");
    }

    /** The value of a JavaScript expression (awaited when it is a promise). */
    JsonElement eval(String expression) throws Exception {
        JsonObject r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        JsonObject value = r.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : null;
    }

    /** Waits until the expression is true. */
    void await(String expression, Duration limit) throws Exception {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonElement v = eval(expression);
            if (v != null && v.isJsonPrimitive() && v.getAsBoolean()) return;
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting for: " + expression);
            Thread.sleep(50);
        }
    }

    /** Focuses the element, selects its text, and types over it as a keyboard would. */
    void type(String selector, String text) throws Exception {
        eval("(e => { e.focus(); e.select(); })(document.querySelector(" + Http.GSON.toJson(selector) + "))");
        call("Input.insertText", Map.of("text", text));
    }

    /** A mouse click at the middle of the element. */
    void click(String selector) throws Exception {
        JsonObject box = eval("(r => ({x: r.x + r.width / 2, y: r.y + r.height / 2}))(document.querySelector(" + Http.GSON.toJson(selector) + ").getBoundingClientRect())").getAsJsonObject();
        double x = box.get("x").getAsDouble(), y = box.get("y").getAsDouble();
        for (String type : new String[] {"mousePressed", "mouseReleased"})
            call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    byte[] screenshot() throws Exception {
        return java.util.Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").getAsString());
    }

    @Override
    /**
     * Stops the browser and every process it started: a renderer that outlives the browser can
     * still be writing to the profile when the test's temporary folder is deleted.
     */
    public void close() {
        socket.abort();
        java.util.List<ProcessHandle> children = browser.descendants().toList();
        browser.destroy();
        try {
            if (!browser.waitFor(5, TimeUnit.SECONDS)) browser.destroyForcibly();
            for (ProcessHandle child : children) {
                child.destroyForcibly();
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            browser.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a child that will not exit is left to the operating system; the test's folder may then stay behind
        }
    }

    /** Gathers a message's fragments and hands each answer to its waiting command. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonObject o = JsonParser.parseString(message.toString()).getAsJsonObject();
                message.setLength(0);
                if (o.has("id")) {
                    CompletableFuture<JsonObject> f = waiting.remove(o.get("id").getAsInt());
                    if (f != null) f.complete(o);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
