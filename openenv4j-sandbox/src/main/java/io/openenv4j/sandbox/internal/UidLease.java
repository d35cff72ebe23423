package io.openenv4j.sandbox.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A user id that belongs to one sandbox while it lives. The kernel only enforces the process-count limit
 * ({@code RLIMIT_NPROC}) for users other than root, and counts it per user, so each sandbox runs as its
 * own unprivileged uid. Leases are file locks under the sandbox root, so sandboxes in other JVMs on the
 * same machine never share a uid either.
 */
public final class UidLease implements AutoCloseable {

    /** The first uid handed out; far above any uid a Debian system assigns to people or services. */
    public static final int FIRST = 3_000_000;
    /** How many uids there are to hand out. */
    public static final int COUNT = 1_000_000;

    private final int uid;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private UidLease(int uid, FileChannel channel, FileLock lock, Path file) {
        this.uid = uid;
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /** Takes a free uid, recording the lease under {@code folder}. */
    public static UidLease acquire(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int attempt = 0; attempt < 1000; attempt++) {
            int uid = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            Path file = folder.resolve(uid + ".lock");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return new UidLease(uid, channel, lock, file);
            }
            channel.close();
        }
        throw new IOException("no free sandbox uid after 1000 attempts under " + folder);
    }

    /** Whether some live sandbox (in this JVM or another) holds {@code uid}'s lease under {@code folder}. */
    public static boolean held(Path folder, int uid) {
        Path file = folder.resolve(uid + ".lock");
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int uid() {
        return uid;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock dies with the channel or the JVM at the latest
        }
    }
}
