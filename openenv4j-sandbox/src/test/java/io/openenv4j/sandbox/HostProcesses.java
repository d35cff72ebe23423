package io.openenv4j.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts processes on the host by real uid, reading {@code /proc}: how the tests look for leaks. */
final class HostProcesses {

    private HostProcesses() {}

    static long ownedBy(int uid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> realUid(p) == uid)
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Processes running as any sandbox uid (the range sandboxes lease from). */
    static long inSandboxRange() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        long uid = realUid(p);
                        return uid >= 3_000_000 && uid < 4_000_000;
                    })
                    .count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long realUid(Path process) {
        try {
            for (String line : Files.readAllLines(process.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return -1;
    }
}
