package io.openenv4j.tasks.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The on-disk cache, laid out as Python {@code huggingface_hub} lays it out so both can share it:
 * <pre>
 * {cacheDir}/datasets--{org}--{name}/
 *     blobs/{etag}                     file contents, named by git blob sha1 or LFS sha256
 *     snapshots/{commit}/{path}        relative symlinks into blobs/ (copies where symlinks fail)
 *     refs/{revision}                  the commit a branch/tag/refs name resolved to, last time online
 * {cacheDir}/.locks/datasets--{org}--{name}/{etag}.lock
 * </pre>
 * Downloads go to {@code blobs/{etag}.incomplete} and are moved into place atomically once verified.
 * Thread-safe; concurrent processes coordinate through the lock files.
 */
final class HubCache {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    HubCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    static String folderName(String repo) {
        return "datasets--" + repo.replace("/", "--");
    }

    Path repoDir(String repo) {
        return root.resolve(folderName(repo));
    }

    Path blob(String repo, String etag) {
        return repoDir(repo).resolve("blobs").resolve(etag);
    }

    Path snapshotDir(String repo, String commit) {
        return repoDir(repo).resolve("snapshots").resolve(commit);
    }

    Path snapshotFile(String repo, String commit, String file) {
        Path p = snapshotDir(repo, commit).resolve(file).normalize();
        if (!p.startsWith(snapshotDir(repo, commit))) {
            throw new HubException(HubException.Kind.PROTOCOL, "refusing file path outside the snapshot: " + file);
        }
        return p;
    }

    Optional<String> readRef(String repo, String revision) {
        Path ref = refPath(repo, revision);
        try {
            return Files.isRegularFile(ref)
                    ? Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip())
                            .filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeRef(String repo, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = refPath(repo, revision);
        if (readRef(repo, revision).filter(commit::equals).isPresent()) {
            return;
        }
        Files.createDirectories(ref.getParent());
        Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        moveAtomically(tmp, ref);
    }

    private Path refPath(String repo, String revision) {
        Path refs = repoDir(repo).resolve("refs");
        Path ref = refs.resolve(revision).normalize();
        if (!ref.startsWith(refs) || ref.equals(refs)) {
            throw new HubException(
                    HubException.Kind.INVALID_REFERENCE, "revision '" + revision + "' is not a valid name");
        }
        return ref;
    }

    /** Every file of a cached snapshot, as repository-relative paths with '/' separators, sorted. */
    List<String> snapshotFiles(String repo, String commit) throws IOException {
        Path dir = snapshotDir(repo, commit);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(null);
        return out;
    }

    /** Points {@code snapshots/{commit}/{file}} at {@code blob} with a relative symlink (a copy if that fails). */
    Path link(String repo, String commit, String file, Path blob) throws IOException {
        Path pointer = snapshotFile(repo, commit, file);
        Files.createDirectories(pointer.getParent());
        if (Files.isRegularFile(pointer)) {
            return pointer;
        }
        Files.deleteIfExists(pointer);
        try {
            Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (FileAlreadyExistsException e) {
            return pointer;
        } catch (IOException | UnsupportedOperationException e) {
            Path tmp = Files.createTempFile(pointer.getParent(), ".copy", ".tmp");
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveAtomically(tmp, pointer);
        }
        return pointer;
    }

    /** Runs {@code action} holding the cross-process lock of one blob. */
    <T> T locked(String repo, String etag, IoAction<T> action) throws IOException {
        Path lockFile = root.resolve(".locks").resolve(folderName(repo)).resolve(etag + ".lock");
        Files.createDirectories(lockFile.getParent());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }
}
