package io.openenv4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules of the server (docs/architecture.md): the session engine knows no transport, MCP serving
 * ({@code openenv4j-mcp}'s {@code io.openenv4j.mcp.server}) and the engine's face to it know no Vert.x either,
 * and the transports make no environment call (tool calls included) and render no error themselves; they
 * decode, call the engine or the MCP server and encode, and errors are rendered by the wire module's {@code
 * WireErrors} (and, for MCP, by {@code openenv4j-mcp}).
 */
class TransportLayeringTest {

    /** The engine and what it is built from. */
    static final List<String> ENGINE = List.of(
            "SessionEngine",
            "Command",
            "Reply",
            "EpisodeHooks",
            "Session",
            "SessionPool",
            "SerialExecutor",
            "StepTimeout",
            "Scoring",
            "Episode",
            "EpisodeLog",
            "HeapUse");

    /** The engine's face to MCP serving: engine sessions as {@code McpHost} sessions. */
    static final List<String> MCP_HOST = List.of("EngineMcpHost");

    /**
     * The transports: WebSocket (/ws, /mcp, /ws?session_id=), /ws/batch, HTTP (the dialect's POST /mcp
     * included), and spec MCP over HTTP.
     */
    static final List<String> TRANSPORTS = List.of("SocketSessions", "BatchSockets", "HttpRoutes", "McpStreamableHttp");

    /**
     * Environment calls: reset, step, state, close, making an instance, reaching a session's environment, and
     * listing or calling tools.
     */
    static final Pattern ENV_CALL = Pattern.compile(
            "\\b\\w+\\.(reset|step)\\((?!\\))|\\benv(ironment\\(\\))?\\.(state|close)\\(\\)|factory\\(\\)\\.create\\("
                    + "|\\.environment\\(\\)|\\bcallTool\\(|\\.tools\\(\\)|\\bwithFresh\\(");

    /** Error rendering: building error frames, capacity or factory errors, JSON-RPC server errors, HTTP error bodies. */
    static final Pattern RENDERING = Pattern.compile("new ServerMessage\\.Error\\(|WireError\\.(capacity|factory)\\("
            + "|\\.refusal\\(\\)|SERVER_ERROR|putArray\\(\"detail\"\\)|Server at capacity|failed to create instance");

    @Test
    void theEngineImportsNoTransport() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Path classFile : classFiles(ENGINE)) {
            String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            for (String banned : List.of("io/vertx/", "io/netty/", "io/openenv4j/mcp/")) {
                if (constants.contains(banned)) {
                    offenders.add(classFile.getFileName() + " refers to " + banned);
                }
            }
        }
        assertThat(classFiles(ENGINE)).hasSizeGreaterThanOrEqualTo(ENGINE.size());
        assertThat(offenders).isEmpty();
    }

    @Test
    void theMcpServerPackageAndTheEnginesMcpFaceImportNoVertx() throws Exception {
        List<String> offenders = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        Class<?> anchor = io.openenv4j.mcp.server.McpServer.class;
        URI location =
                anchor.getProtectionDomain().getCodeSource().getLocation().toURI();
        // The mcp module's classes: a directory in the reactor's compile phase, its jar from package on.
        try (FileSystem jar =
                Files.isDirectory(Path.of(location)) ? null : FileSystems.newFileSystem(Path.of(location))) {
            Path root = jar == null ? Path.of(location) : jar.getPath("/");
            Path dir = root.resolve(anchor.getPackageName().replace('.', '/'));
            List<Path> files;
            try (Stream<Path> listed = Files.list(dir)) {
                files = listed.filter(file -> file.toString().endsWith(".class"))
                        .toList();
            }
            for (Path file : files) {
                scanned.add(file.getFileName().toString());
                offenders.addAll(bannedReferences(file, List.of("io/vertx/", "io/netty/")));
            }
        }
        for (Path classFile : classFiles(MCP_HOST)) {
            scanned.add(classFile.getFileName().toString());
            offenders.addAll(bannedReferences(classFile, List.of("io/vertx/", "io/netty/")));
        }
        assertThat(scanned)
                .contains(
                        "McpServer.class",
                        "McpHost.class",
                        "StreamableHttp.class",
                        "ToolCall.class",
                        "EngineMcpHost.class");
        assertThat(offenders).isEmpty();
    }

    @Test
    void transportsMakeNoEnvironmentCallAndRenderNoError() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String name : TRANSPORTS) {
            List<String> lines = Files.readAllLines(source(name));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/**")) {
                    continue;
                }
                // a call chain wrapped onto the next lines (".create(" alone on a line) is read as one line
                int next = i + 1;
                while (next < lines.size() && lines.get(next).strip().startsWith(".")) {
                    line += lines.get(next++).strip();
                }
                if (ENV_CALL.matcher(line).find() || RENDERING.matcher(line).find()) {
                    offenders.add(name + ".java:" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScanFindsWhatItLooksFor() throws IOException {
        // The engine does what the transports may not: the patterns match its code.
        String engine = Files.readString(source("SessionEngine"));
        assertThat(ENV_CALL.matcher(engine).results().count()).isGreaterThanOrEqualTo(3);
        assertThat(ENV_CALL.matcher("A a = env.step(action, options);").find()).isTrue();
        assertThat(ENV_CALL.matcher("engine.run(session, new Command.Step<>(a, sent, none), stuck)")
                        .find())
                .isFalse();
        assertThat(ENV_CALL.matcher("ToolResult result = tools(env).callTool(name, args);")
                        .find())
                .isTrue();
        assertThat(ENV_CALL.matcher("return session.call(() -> work.apply(session.environment()));")
                        .find())
                .isTrue();
        assertThat(ENV_CALL.matcher("case JsonRpc.Valid valid -> mcp.dialect(valid.request(), mcpHost.of(session));")
                        .find())
                .isFalse();
        String mcpHost = Files.readString(source("EngineMcpHost"));
        assertThat(ENV_CALL.matcher(mcpHost).find()).isTrue();
        assertThat(RENDERING
                        .matcher("ws.writeTextMessage(new ServerMessage.Error(pool.refusal()).toJson())")
                        .find())
                .isTrue();
        assertThat(RENDERING
                        .matcher("JsonRpc.error(id, JsonRpc.SERVER_ERROR, error.message(), error.extras())")
                        .find())
                .isTrue();
        assertThat(RENDERING
                        .matcher("ws.writeTextMessage(WireErrors.frame(e.error()))")
                        .find())
                .isFalse();
    }

    private static List<String> bannedReferences(Path classFile, List<String> banned) throws IOException {
        String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        return banned.stream()
                .filter(constants::contains)
                .map(prefix -> classFile.getFileName() + " refers to " + prefix)
                .toList();
    }

    private static Path source(String name) {
        return Path.of("src/main/java/io/openenv4j/server/internal", name + ".java");
    }

    private static List<Path> classFiles(List<String> names) throws IOException, URISyntaxException {
        Path dir = Path.of(
                        SessionEngine.class.getResource("SessionEngine.class").toURI())
                .getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> {
                        String fileName = file.getFileName().toString();
                        return names.stream()
                                .anyMatch(name -> fileName.equals(name + ".class") || fileName.startsWith(name + "$"));
                    })
                    .toList();
        }
    }
}
