package dev.dilate.server;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices a non-streaming client that hangs up while its answer is still being decoded, so the
 * decode is cancelled instead of running on for nobody. A streamed request learns this from a
 * failed write; a whole answer writes nothing until its end, so the socket itself is polled: the
 * request body has been read, so a read that returns end-of-stream means the client closed its
 * side. The JDK server does not expose its socket, so this reaches it through the server's own
 * classes (opened by {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}, which
 * the launcher and the jar's manifest pass); without that the watch is off and a client that
 * leaves is only seen when its answer is written, as before.
 */
final class HangUpWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 200;
    /** HttpExchangeImpl.getExchangeImpl, ExchangeImpl.getConnection, HttpConnection.getChannel; null where they cannot be opened. */
    private static final Method[] TO_CHANNEL = channelPath();
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dilate-hangup-watch");
        t.setDaemon(true);
        return t;
    });

    private final SocketChannel channel;      // null: the watch is off
    private final Job job;
    private final ScheduledFuture<?> polling;
    /** Set when a poll read bytes of a next request: they cannot be put back, so the connection must close. */
    private boolean consumedInput;
    private boolean stopped;

    private HangUpWatch(SocketChannel channel, Job job) {
        this.channel = channel;
        this.job = job;
        this.polling = channel == null ? null : POLLER.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether this JVM lets the watch see sockets. */
    static boolean available() { return TO_CHANNEL != null; }

    /** Starts watching the exchange's socket for the job (an inert watch where it cannot see it). */
    static HangUpWatch start(HttpExchange ex, Job job) { return new HangUpWatch(channelOf(ex), job); }

    private static Method[] channelPath() {
        try {
            Method impl = Class.forName("sun.net.httpserver.HttpExchangeImpl").getDeclaredMethod("getExchangeImpl");
            Method connection = impl.getReturnType().getDeclaredMethod("getConnection");
            Method channel = connection.getReturnType().getDeclaredMethod("getChannel");
            Method[] path = {impl, connection, channel};
            for (Method m : path) m.setAccessible(true);
            return path;
        } catch (ReflectiveOperationException | RuntimeException notOpened) {
            return null;                          // InaccessibleObjectException without the --add-opens: the watch stays off
        }
    }

    private static SocketChannel channelOf(HttpExchange ex) {
        if (!available() || !TO_CHANNEL[0].getDeclaringClass().isInstance(ex)) return null;
        try {
            Object step = ex;
            for (Method m : TO_CHANNEL) step = m.invoke(step);
            return (SocketChannel) step;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * One look at the socket without blocking: -1 means the client has gone. The channel is put in
     * non-blocking mode only for this read; nothing else reads it while the exchange runs, and the
     * answer is written only after {@link #stop()}, which waits for a poll in progress.
     */
    private synchronized void poll() {
        if (stopped || consumedInput) return;
        try {
            channel.configureBlocking(false);
            int n;
            try {
                n = channel.read(ByteBuffer.allocate(1));
            } finally {
                channel.configureBlocking(true);
            }
            if (n < 0) job.cancel(ApiError.clientGone());
            else if (n > 0) consumedInput = true;    // a pipelined request: stop looking
        } catch (IOException e) {
            job.cancel(ApiError.clientGone());       // reset by the peer
        }
    }

    /**
     * Stops watching before the answer is written; true when a poll consumed bytes of a next
     * request, so the answer must carry "Connection: close".
     */
    boolean stop() {
        if (polling != null) polling.cancel(false);
        synchronized (this) {
            stopped = true;
            return consumedInput;
        }
    }

    /** Stops watching when the decode fails (the answer path calls {@link #stop()} itself). */
    @Override public void close() { stop(); }
}
