package io.openenv4j.mcp.client.internal;

import io.openenv4j.mcp.client.McpEndpoint;
import io.openenv4j.mcp.client.McpTransportException;
import io.openenv4j.wire.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP's stdio transport: launches the server, writes one JSON-RPC message per line to its standard input
 * and reads one per line from its standard output. Standard error is logged line by line (logger {@code
 * io.openenv4j.mcp.client.stderr}) and its last lines are kept for error messages. Lines on standard
 * output that are not JSON are logged and skipped. Closing closes standard input, waits briefly, then
 * ends the process and every descendant it started (SIGTERM, then SIGKILL). Not part of the API.
 *
 * <p>Thread-safety: writes are serialised by a lock; one virtual thread reads each output stream.
 */
public final class StdioTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);
    private static final Logger STDERR = LoggerFactory.getLogger("io.openenv4j.mcp.client.stderr");
    private static final Duration EXIT_GRACE = Duration.ofSeconds(2);
    private static final int STDERR_TAIL_LINES = 20;

    private final McpEndpoint.Stdio endpoint;
    private final int maxMessageBytes;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String name;
    private Process process;
    private OutputStream stdin;

    public StdioTransport(McpEndpoint.Stdio endpoint, int maxMessageBytes) {
        this.endpoint = endpoint;
        this.maxMessageBytes = maxMessageBytes;
        String program = endpoint.command().get(0);
        this.name = program.substring(program.lastIndexOf('/') + 1);
    }

    @Override
    public void start(Sink sink) {
        var builder = new ProcessBuilder(endpoint.command());
        builder.environment().putAll(endpoint.environment());
        if (endpoint.directory() != null) {
            builder.directory(endpoint.directory().toFile());
        }
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new McpTransportException(
                    McpTransportException.Kind.CONNECT_FAILED,
                    "could not start the MCP server " + describe() + ": " + e.getMessage(),
                    e);
        }
        stdin = process.getOutputStream();
        Thread.ofVirtual().name("mcp-stderr-" + process.pid()).start(this::drainStderr);
        Thread.ofVirtual().name("mcp-stdout-" + process.pid()).start(() -> readStdout(sink));
    }

    /** The server process, once started. */
    public Process process() {
        return process;
    }

    @Override
    public void send(ObjectNode message, long requestId, Duration timeout) {
        byte[] line = (WireJson.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            stdin.write(line);
            stdin.flush();
        } catch (IOException e) {
            throw new McpTransportException(
                    McpTransportException.Kind.CLOSED,
                    "could not write to the MCP server " + describe() + " (" + e.getMessage() + ")" + exitReport(),
                    e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void initialized(String protocolVersion) {}

    @Override
    public String describe() {
        return String.join(
                " ",
                endpoint.command().stream()
                        .map(part -> part.length() <= 80
                                ? part
                                : part.substring(0, 40) + "…" + part.substring(part.length() - 30))
                        .toList());
    }

    private void readStdout(Sink sink) {
        InputStream out = process.getInputStream();
        var buffer = new byte[64 * 1024];
        var line = new ByteArrayOutputStream();
        try {
            int read;
            while ((read = out.read(buffer)) >= 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, start, i - start);
                        if (tooLarge(line, sink)) {
                            return;
                        }
                        deliver(line, sink);
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buffer, start, read - start);
                if (tooLarge(line, sink)) {
                    return;
                }
            }
            if (line.size() > 0) {
                deliver(line, sink);
            }
            sink.failed(new McpTransportException(
                    McpTransportException.Kind.CLOSED,
                    "the MCP server " + describe() + " closed its output" + exitReport(),
                    null));
        } catch (IOException e) {
            sink.failed(new McpTransportException(
                    closed.get() ? McpTransportException.Kind.CLOSED : McpTransportException.Kind.IO,
                    "reading from the MCP server " + describe() + " failed: " + e.getMessage() + exitReport(),
                    e));
        }
    }

    private boolean tooLarge(ByteArrayOutputStream line, Sink sink) {
        if (line.size() <= maxMessageBytes) {
            return false;
        }
        sink.failed(new McpTransportException(
                McpTransportException.Kind.IO,
                "a message from the MCP server " + describe() + " exceeded " + maxMessageBytes
                        + " bytes; the connection is closed",
                null));
        Thread.ofVirtual().start(this::close);
        return true;
    }

    private void deliver(ByteArrayOutputStream bytes, Sink sink) {
        String text = bytes.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = WireJson.parse(text);
        } catch (JacksonException e) {
            LOG.warn("[{}] skipped a line on stdout that is not JSON: {}", name, abbreviate(text));
            return;
        }
        sink.message(node);
    }

    private void drainStderr() {
        try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                STDERR.info("[{}] {}", name, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // The process is gone; nothing more to log.
        }
    }

    /** "; exit code N; last lines of stderr: …", as far as known. */
    private String exitReport() {
        var report = new StringBuilder();
        try {
            if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                report.append("; the process exited with code ").append(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        if (!tail.isEmpty()) {
            report.append("; last lines of its stderr:\n  ").append(String.join("\n  ", tail));
        }
        return report.toString();
    }

    /**
     * Closes standard input and gives the server two seconds to exit, then sends SIGTERM to it and every
     * descendant, and SIGKILL to whatever still runs after another two seconds.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || process == null) {
            return;
        }
        // Taken first: once the server exits, its children are re-parented and no longer its descendants.
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed by the process's exit.
        }
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                family.addAll(process.descendants().toList());
                family.forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.addAll(process.descendants().toList());
        process.destroyForcibly();
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        for (ProcessHandle member : family) {
            if (member.isAlive()) {
                member.destroy();
            }
        }
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                member.destroyForcibly();
            }
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "… (" + text.length() + " characters)";
    }
}
