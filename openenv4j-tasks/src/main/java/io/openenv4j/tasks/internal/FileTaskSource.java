package io.openenv4j.tasks.internal;

import io.openenv4j.tasks.DatasetFiles;
import io.openenv4j.tasks.Task;
import io.openenv4j.tasks.TaskLookupException;
import io.openenv4j.tasks.TaskMapping;
import io.openenv4j.tasks.TaskSource;
import io.openenv4j.tasks.data.DataFormatException;
import io.openenv4j.tasks.data.RowCursor;
import io.openenv4j.tasks.data.RowFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tasks read from data files. Per split it keeps only the row count of each file (read once, on first
 * use) and, after the first lookup by id, a map from id to row; a task is fetched by streaming its file to
 * the row. The last {@value #CACHE} tasks fetched are kept. Thread-safe.
 */
public final class FileTaskSource implements TaskSource {

    private static final int CACHE = 512;
    private final Map<String, SplitFiles> splits = new LinkedHashMap<>();
    private final List<String> names;
    private final TaskMapping mapping;
    private final ReentrantLock cacheLock = new ReentrantLock();
    private final LinkedHashMap<String, Task> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Task> eldest) {
            return size() > CACHE;
        }
    };

    public FileTaskSource(Map<String, List<Path>> splitFiles, TaskMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        if (splitFiles.isEmpty()) {
            throw new IllegalArgumentException("a task source needs at least one split");
        }
        for (String split : DatasetFiles.order(splitFiles.keySet())) {
            List<Path> files = splitFiles.get(split);
            if (files == null || files.isEmpty()) {
                throw new IllegalArgumentException("split '" + split + "' has no files");
            }
            splits.put(
                    split,
                    new SplitFiles(
                            split,
                            files.stream()
                                    .map(f -> RowFile.open(f, mapping.mediaBytes()))
                                    .toList()));
        }
        this.names = List.copyOf(splits.keySet());
    }

    @Override
    public List<String> splits() {
        return names;
    }

    @Override
    public long count(String split) {
        return files(split).total();
    }

    @Override
    public Task task(String split, long index) {
        SplitFiles files = files(split);
        long total = files.total();
        if (index < 0 || index >= total) {
            throw new TaskLookupException("task index " + index + " is out of range: split '" + split + "' has " + total
                    + " tasks" + (total == 0 ? "" : " (0.." + (total - 1) + ")"));
        }
        String key = split + '\n' + index;
        cacheLock.lock();
        try {
            Task cached = recent.get(key);
            if (cached != null) {
                return cached;
            }
        } finally {
            cacheLock.unlock();
        }
        Task task = files.read(index);
        cacheLock.lock();
        try {
            recent.put(key, task);
        } finally {
            cacheLock.unlock();
        }
        return task;
    }

    @Override
    public Task task(String split, String id) {
        Objects.requireNonNull(id, "id");
        SplitFiles files = files(split);
        Long index = files.indexOf(id);
        if (index == null) {
            throw new TaskLookupException(
                    "no task with id '" + id + "' in split '" + split + "' (" + files.total() + " tasks)");
        }
        return task(split, index);
    }

    private SplitFiles files(String split) {
        SplitFiles files = splits.get(Objects.requireNonNull(split, "split"));
        if (files == null) {
            throw new TaskLookupException("unknown split '" + split + "'; the task source has splits " + names);
        }
        return files;
    }

    /** One split's files, their row counts and (lazily) its resolved mapping and id index. */
    private final class SplitFiles {
        private final String split;
        private final List<RowFile> files;
        private final ReentrantLock lock = new ReentrantLock();
        private long[] starts;
        private TaskMapping resolved;
        private Map<String, Long> ids;

        SplitFiles(String split, List<RowFile> files) {
            this.split = split;
            this.files = files;
        }

        long total() {
            return starts()[files.size()];
        }

        private long[] starts() {
            lock.lock();
            try {
                if (starts == null) {
                    long[] s = new long[files.size() + 1];
                    for (int i = 0; i < files.size(); i++) {
                        s[i + 1] = s[i] + files.get(i).rowCount();
                    }
                    starts = s;
                }
                return starts;
            } catch (IOException e) {
                throw new UncheckedIOException("split " + split + ": cannot count rows: " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }

        private TaskMapping mapping() {
            lock.lock();
            try {
                if (resolved == null) {
                    Map<String, Object> first = null;
                    for (RowFile file : files) {
                        try (RowCursor rows = file.rows(0)) {
                            if (rows.hasNext()) {
                                first = rows.next();
                                break;
                            }
                        }
                    }
                    if (first == null) {
                        throw new DataFormatException("split " + split + " holds no rows");
                    }
                    resolved = mapping.resolve(first.keySet(), "split " + split);
                }
                return resolved;
            } catch (IOException e) {
                throw new UncheckedIOException("split " + split + ": " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }

        Task read(long index) {
            long[] s = starts();
            int at = Arrays.binarySearch(s, index);
            int file = at >= 0 ? at : -at - 2;
            while (s[file + 1] == s[file]) {
                file++;
            }
            TaskMapping m = mapping();
            RowFile rowFile = files.get(file);
            try (RowCursor rows = rowFile.rows(index - s[file])) {
                if (!rows.hasNext()) {
                    throw new DataFormatException(
                            rowFile.path() + ": row " + (index - s[file]) + " missing (the file changed?)");
                }
                return m.toTask(split, index, rows.next());
            } catch (IOException e) {
                throw new UncheckedIOException(rowFile.path() + ": " + e.getMessage(), e);
            }
        }

        Long indexOf(String id) {
            TaskMapping m = mapping();
            if (m.idColumn() == null) {
                String prefix = split + "/";
                if (id.startsWith(prefix)) {
                    try {
                        long index = Long.parseLong(id.substring(prefix.length()));
                        return index >= 0
                                        && index < total()
                                        && TaskMapping.positionalId(split, index)
                                                .equals(id)
                                ? index
                                : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            }
            lock.lock();
            try {
                if (ids == null) {
                    ids = buildIds(m);
                }
                return ids.get(id);
            } finally {
                lock.unlock();
            }
        }

        private Map<String, Long> buildIds(TaskMapping m) {
            var out = new HashMap<String, Long>();
            long index = 0;
            for (RowFile file : files) {
                try (RowCursor rows = file.rows(0)) {
                    while (rows.hasNext()) {
                        String id = m.toTask(split, index, rows.next()).id();
                        Long previous = out.putIfAbsent(id, index);
                        if (previous != null) {
                            throw new DataFormatException("split " + split + ": task id '" + id + "' appears at rows "
                                    + previous + " and " + index + "; ids must be unique");
                        }
                        index++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(file.path() + ": " + e.getMessage(), e);
                }
            }
            return out;
        }
    }
}
