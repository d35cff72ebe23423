package io.openenv4j.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a sandbox's work folder starts with. */
public sealed interface Seed {

    /** An empty work folder. */
    record Empty() implements Seed {}

    /**
     * Files by relative path ({@code "src/main.py"}) and UTF-8 text. Paths must stay inside the folder.
     */
    record Files(Map<String, String> files) implements Seed {
        public Files {
            files = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(files, "files")));
        }
    }

    /** A copy of a host folder's contents (the folder itself is never changed). */
    record Folder(Path folder) implements Seed {
        public Folder {
            Objects.requireNonNull(folder, "folder");
        }
    }

    static Seed empty() {
        return new Empty();
    }

    static Seed files(Map<String, String> files) {
        return new Files(files);
    }

    static Seed folder(Path folder) {
        return new Folder(folder);
    }
}
