package io.openenv4j.tasks;

import io.openenv4j.tasks.internal.FileTaskSource;
import io.openenv4j.tasks.internal.ListTaskSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where tasks come from: named splits of numbered tasks, fetched one at a time so a split never has to fit
 * in memory. Ordering, sampling, sharding and epochs are {@link TaskOrder}'s business and work over any
 * source.
 *
 * <p>Implementations are thread-safe: one source serves every session of a server.
 *
 * <p>Errors: a lookup of something the source does not hold throws {@link TaskLookupException} saying what
 * exists; an unreadable or malformed file throws {@link io.openenv4j.tasks.data.DataFormatException} naming
 * the file.
 */
public interface TaskSource {

    /** The split names, in a stable order (train, validation, test first, then by name). */
    List<String> splits();

    /** How many tasks {@code split} holds. */
    long count(String split);

    /** The task at row {@code index} of {@code split}. */
    Task task(String split, long index);

    /** The task of {@code split} whose id is {@code id}. */
    Task task(String split, String id);

    /** The split to use when none is named: {@code train} if present, else the first. */
    default String defaultSplit() {
        List<String> splits = splits();
        if (splits.isEmpty()) {
            throw new TaskLookupException("the task source has no splits");
        }
        return splits.contains("train") ? "train" : splits.getFirst();
    }

    /**
     * Tasks read from data files, per split in the given order of files (any format {@link
     * io.openenv4j.tasks.data.RowFile#open} reads). This is the seam a dataset resolver plugs into: it turns a
     * reference into local files and hands them over here. Files are opened lazily; counts are read once.
     */
    static TaskSource fromFiles(Map<String, List<Path>> splitFiles, TaskMapping mapping) {
        return new FileTaskSource(splitFiles, mapping);
    }

    /** Tasks from a local dataset directory (see {@link DatasetFiles#scan}). */
    static TaskSource fromDirectory(Path directory, TaskMapping mapping) throws IOException {
        return fromFiles(DatasetFiles.scan(directory).splits(), mapping);
    }

    /** Tasks held in memory, per split; each task's {@code split} and {@code index} must match its place. */
    static TaskSource of(Map<String, List<Task>> splits) {
        return new ListTaskSource(splits);
    }
}
