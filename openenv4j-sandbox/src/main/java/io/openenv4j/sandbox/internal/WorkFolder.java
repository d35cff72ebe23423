package io.openenv4j.sandbox.internal;

import io.openenv4j.sandbox.Quota;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host folders of one sandbox: {@code <episode>/work} (the sandbox's {@code /work}), {@code
 * <episode>/tmp} (its {@code /tmp}) and, with a quota, {@code <episode>/shm} (its {@code /dev/shm}), owned
 * by the sandbox's uid and readable by no one else ({@code 0700}), removed on close.
 *
 * <p>Run as root, {@code <episode>} is a {@code tmpfs} of the {@link Quota}'s size and file count mounted on
 * the host, so what the sandbox writes is bounded by the kernel ({@code ENOSPC} past it), whatever it
 * writes to. If the mount is refused (a container without {@code CAP_SYS_ADMIN}), or run as another user,
 * the folders are plain host folders and {@link #quotaEnforced()} is false.
 */
public final class WorkFolder {

    private static final String FS_NAME = "openenv4j-sandbox";

    private final Path episode;
    private final Path work;
    private final Path tmp;
    private final Path shm;
    private volatile boolean mounted;

    private WorkFolder(Path episode, boolean mounted) {
        this.episode = episode;
        this.work = episode.resolve("work");
        this.tmp = episode.resolve("tmp");
        this.shm = episode.resolve("shm");
        this.mounted = mounted;
    }

    /** Creates the folders under {@code root} without a quota, seeds {@code work}, and hands them to {@code uid}. */
    public static WorkFolder create(Path root, int uid, Seed seed, boolean chown) throws IOException {
        return create(root, uid, seed, chown, null);
    }

    /**
     * Creates the folders under {@code root}, on a file system bounded by {@code quota} when we may mount one
     * ({@code chown}: we are root), seeds {@code work}, and hands them to {@code uid}.
     *
     * @throws IOException when a folder cannot be made, or the seed does not fit in the quota
     */
    public static WorkFolder create(Path root, int uid, Seed seed, boolean chown, Quota quota) throws IOException {
        Files.createDirectories(root);
        if (chown) {
            // the sandbox's user must be able to pass through to its own folder (bubblewrap mounts it as that user)
            // and no one else may list the episodes there
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path episode = Files.createTempDirectory(root, "sandbox-" + uid + "-");
        boolean mounted = chown && quota != null && mountTmpfs(episode, quota);
        var folder = new WorkFolder(episode, mounted);
        try {
            Files.createDirectory(folder.work);
            Files.createDirectory(folder.tmp);
            if (mounted) {
                Files.createDirectory(folder.shm);
            }
            try {
                folder.seed(seed);
            } catch (IOException e) {
                throw new IOException(
                        "the seed does not fit in the sandbox's quota of " + quota.diskBytes() + " bytes and "
                                + quota.files() + " files: " + e.getMessage(),
                        e);
            }
            if (chown) {
                folder.handTo(uid);
            }
            for (Path path : mounted
                    ? List.of(folder.work, folder.tmp, folder.shm, episode)
                    : List.of(folder.work, folder.tmp, episode)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            }
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.delete();
            throw e;
        }
    }

    /** Mounts a tmpfs of the quota's size on {@code episode}; false when the kernel refuses. */
    private static boolean mountTmpfs(Path episode, Quota quota) {
        String options = "size=" + quota.diskBytes() + ",nr_inodes=" + quota.files() + ",mode=0700,nosuid,nodev";
        return Host.run(List.of("mount", "-t", "tmpfs", "-o", options, FS_NAME, episode.toString())) == 0;
    }

    /** Whether the {@link Quota} is enforced (a bounded file system is mounted on the episode's folder). */
    public boolean quotaEnforced() {
        return mounted;
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
                if (parts.length < 3
                        || !parts[0].equals("sandbox")
                        || !parts[1].chars().allMatch(Character::isDigit)) {
                    continue;
                }
                if (!UidLease.held(leases, Integer.parseInt(parts[1]))) {
                    new WorkFolder(
                                    entry,
                                    Host.mountPoints()
                                            .contains(entry.toAbsolutePath().normalize()))
                            .delete();
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

    /** The folder seen as {@code /dev/shm} inside; only when the {@link #quotaEnforced() quota is enforced}. */
    public Optional<Path> shm() {
        return mounted ? Optional.of(shm) : Optional.empty();
    }

    /**
     * Seeds the work folder of a sandbox made with an empty seed, and hands what it wrote to {@code uid}
     * ({@code chown}: we are root). Only for a folder no sandboxed program has touched yet (nothing there can
     * be a link planted to lead the host's writes out of it).
     *
     * @throws IOException when the seed does not fit in the quota or cannot be written
     */
    public void seedLater(Seed seed, int uid, boolean chown, Quota quota) throws IOException {
        try {
            seed(seed);
        } catch (IOException e) {
            throw new IOException(
                    "the seed does not fit in the sandbox's quota of " + quota.diskBytes() + " bytes and "
                            + quota.files() + " files: " + e.getMessage(),
                    e);
        }
        if (chown) {
            handTo(work, uid);
        }
    }

    private void seed(Seed seed) throws IOException {
        switch (seed) {
            case Seed.Empty ignored -> {}
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
                    Files.copy(
                            file, work.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void handTo(int uid) throws IOException {
        handTo(episode, uid);
    }

    /** Gives {@code top} and everything under it (never following links) to {@code uid}. */
    private static void handTo(Path top, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Removes the folders and everything in them (unmounting their file system); never follows links out of them. */
    public void delete() {
        if (!Files.exists(episode, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (mounted) {
            // the sandbox's processes are gone: a plain unmount works; a lazy one if something still holds it
            if (Host.run(List.of("umount", episode.toString())) != 0
                    && Host.run(List.of("umount", "--lazy", episode.toString())) != 0) {
                throw new SandboxException("could not unmount the sandbox folder " + episode);
            }
            mounted = false;
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
