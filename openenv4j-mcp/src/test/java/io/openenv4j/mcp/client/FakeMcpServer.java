package io.openenv4j.mcp.client;

import io.openenv4j.wire.WireJson;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted MCP server over stdio, run as a separate JVM by tests ({@link #command(String...)}): the
 * tools of {@link FakeMcpLogic}, plus {@code die} (exits with code 3 in the middle of the call, after a
 * line on stderr) and {@code spawn} (starts a long-running child process and returns its pid).
 *
 * <p>Options: {@code --version V} answers {@code initialize} with protocol version V whatever was offered;
 * {@code --banner} prints a line that is not JSON on stdout before anything else.
 */
public final class FakeMcpServer {

    private FakeMcpServer() {}

    /** The command line that runs this server in a fresh JVM with the current class path. */
    public static List<String> command(String... options) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), FakeMcpServer.class.getName()));
        command.addAll(List.of(options));
        return command;
    }

    public static void main(String[] args) throws Exception {
        String version = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--version")) {
                version = args[++i];
            }
        }
        var stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        if (List.of(args).contains("--banner")) {
            stdout.println("fake MCP server starting (this line is not JSON)");
            stdout.flush();
        }
        var logic = new FakeMcpLogic(version);
        FakeMcpLogic.Out out = new FakeMcpLogic.Out() {
            @Override
            public void send(ObjectNode message) {
                raw(WireJson.write(message));
            }

            @Override
            public void raw(String text) {
                synchronized (stdout) {
                    stdout.println(text);
                    stdout.flush();
                }
            }
        };
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode message = WireJson.parse(line);
            String tool = message.path("params").path("name").asString("");
            if ("tools/call".equals(message.path("method").asString("")) && tool.equals("die")) {
                System.err.println("fake server: dying on purpose");
                System.exit(3);
            }
            if ("tools/call".equals(message.path("method").asString("")) && tool.equals("spawn")) {
                Process child = new ProcessBuilder("sleep", "300").start();
                ObjectNode structured = WireJson.object().put("pid", child.pid());
                ObjectNode result = WireJson.object();
                result.putArray("content").addObject().put("type", "text").put("text", String.valueOf(child.pid()));
                result.set("structuredContent", structured);
                out.send(FakeMcpLogic.result(message.get("id"), result));
                continue;
            }
            if (!message.has("id") || !message.has("method")) {
                logic.handle(message, out);
                continue;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    logic.handle(message, out);
                } catch (Exception e) {
                    System.err.println("fake server: " + e);
                }
            });
        }
    }
}
