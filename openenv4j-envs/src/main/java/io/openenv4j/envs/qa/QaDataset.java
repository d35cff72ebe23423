package io.openenv4j.envs.qa;

import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset bundled with {@code qa}: 200 train and 50 test problems made by {@code QaProblems} (a test source), read
 * through the same {@link TaskSource} code as any dataset directory (from the jar when packaged).
 */
public final class QaDataset {

    private QaDataset() {}

    private static final class Holder {
        static final TaskSource BUNDLED = load();
    }

    /** The bundled task source (shared; task sources are thread-safe). */
    public static TaskSource bundled() {
        return Holder.BUNDLED;
    }

    private static TaskSource load() {
        var splits = new LinkedHashMap<String, List<Path>>();
        for (String split : List.of("train", "test")) {
            splits.put(split, List.of(resource(split + ".jsonl")));
        }
        return TaskSource.fromFiles(splits, TaskMapping.defaults());
    }

    private static Path resource(String name) {
        var url = QaDataset.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("the bundled qa dataset is missing " + name + " from the class path");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened before: Path.of finds it
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot open the bundled qa dataset: " + e.getMessage(), e));
        }
    }
}
