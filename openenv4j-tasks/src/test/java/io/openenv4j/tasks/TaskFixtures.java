package io.openenv4j.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/** Small datasets written for tests. */
final class TaskFixtures {

    private TaskFixtures() {}

    /** {@code <dir>/<split>.jsonl} with {@code n} rows {id q-<split>-<i>, question, answer 1000+i, level}. */
    static Path questions(Path dir, String split, int n) throws IOException {
        var lines = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            lines.add("{\"id\":\"q-" + split + "-" + i + "\",\"question\":\"What is " + (500 + i) + " plus " + (500)
                    + "?\",\"answer\":\"" + (1000 + i) + "\",\"level\":" + (i % 3) + "}");
        }
        Path file = dir.resolve(split + ".jsonl");
        Files.createDirectories(dir);
        Files.write(file, lines);
        return file;
    }
}
