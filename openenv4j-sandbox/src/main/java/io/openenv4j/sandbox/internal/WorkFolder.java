package io.openenv4j.sandbox.internal;

import io.openenv4j.sandbox.SandboxException;
import io.openenv4j.sandbox.Seed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The host folders of one sandbox: {@code <episode>/work} (the sandbox's {@code /work}) and {@code
 * <episode>/tmp} (its {@code /tmp}), owned by the sandbox's uid, removed on close.
 */
public final class WorkFolder {

    private final Path episode;
    private final Path work;
    private final Path tmp;

    private WorkFolder(Path episode) {
        this.episode = episode;
        this.work = episode.resolve("work");
        this.tmp = episode.resolve("tmp");
    }

    /** Creates the folders under {@code root}, seeds {@code work}, and hands both to {@code uid}. */
    public static WorkFolder create(Path root, int uid, Seed seed, boolean chown) throws IOException {
        Files.createDirectories(root);
        if (chown) {
            // the sandbox's user must be able to pass through to its own folder (bubblewrap mounts it as that user)
            var permissions = Files.getPosixFilePermissions(root);
            permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(root, permissions);
        }
        Path episode = Files.createTempDirectory(root, "sandbox-" + uid + "-");
        var folder = new WorkFolder(episode);
        try {
            Files.createDirectory(folder.work);
            Files.createDirectory(folder.tmp);
            folder.seed(seed);
            if (chown) {
                folder.handTo(uid);
            }
            Files.setPosixFilePermissions(episode, PosixFilePermissions.fromString("rwx--x--x"));
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.delete();
            throw e;
        }
    }

    /**
     * Removes episode folders under {@code root} whose sandbox is gone without closing (its JVM died: the
     * processes died with it, but the folder stayed). A folder is stale when no one holds its uid's lease.
     *
     * @return how many folders were removed
     */
    public static int removeStale(Path root, Path leases) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                String[] parts = name.split("-");
                if (parts.length < 3 || !parts[0].equals("sandbox") || !parts[1].chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (!UidLease.held(leases, Integer.parseInt(parts[1]))) {
                    new WorkFolder(entry).delete();
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a folder that cannot go now is tried again by the next JVM
        }
        return removed;
    }

    public Path episode() {
        return episode;
    }

    public Path work() {
        return work;
    }

    public Path tmp() {
        return tmp;
    }

    private void seed(Seed seed) throws IOException {
        switch (seed) {
            case Seed.Empty ignored -> { }
            case Seed.Files files -> {
                for (Map.Entry<String, String> entry : files.files().entrySet()) {
                    Path target = inside(entry.getKey());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, entry.getValue(), StandardCharsets.UTF_8);
                }
            }
            case Seed.Folder source -> copy(source.folder());
        }
    }

    private Path inside(String relative) {
        if (relative.isBlank() || relative.indexOf('\0') >= 0) {
            throw new SandboxException("seed file name must be a non-blank relative path, got '" + relative + "'");
        }
        Path target = work.resolve(relative).normalize();
        if (!target.startsWith(work) || target.equals(work) || Path.of(relative).isAbsolute()) {
            throw new SandboxException("seed file '" + relative + "' is outside the work folder");
        }
        return target;
    }

    private void copy(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new SandboxException("seed folder " + source + " is not a folder");
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(work.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, work.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void handTo(int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(episode)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Removes the folders and everything in them; never follows links out of them. */
    public void delete() {
        if (!Files.exists(episode, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(episode, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // a sandbox may have removed its own permissions; root could read anyway, others could not
                    dir.toFile().setWritable(true, true);
                    dir.toFile().setExecutable(true, true);
                    dir.toFile().setReadable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SandboxException("could not remove the sandbox folder " + episode + ": " + e.getMessage(), e);
        }
    }
}
