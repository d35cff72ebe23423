package io.openenv4j.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Golden exchanges captured from the Python reference server (see resources/golden/README.md). */
record Golden(String name, JsonNode node) {

    static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new Golden(name, WireJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Golden> all(String prefix) {
        try (Stream<Path> files =
                Files.list(Path.of(Golden.class.getResource("/golden").toURI()))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".json"))
                    .sorted()
                    .map(Golden::load)
                    .toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String server() {
        return node.path("server").asString("");
    }

    String requestText() {
        return node.path("request_text").isString() ? node.path("request_text").stringValue() : null;
    }

    JsonNode response() {
        return node.path("response");
    }

    boolean openAfter() {
        return node.path("connection_after").path("open").asBoolean(true);
    }

    @Override
    public String toString() {
        return name;
    }
}
