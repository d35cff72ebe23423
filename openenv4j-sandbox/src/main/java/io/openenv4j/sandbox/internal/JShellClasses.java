package io.openenv4j.sandbox.internal;

import io.openenv4j.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The host folder that holds {@link JShellDriver}'s class file for Java sessions: made once per JVM under
 * {@code java.io.tmpdir}, readable by everyone (the sandboxes' uids) and writable by this process only;
 * sandboxes see it read-only at the same path. Removed when the JVM exits.
 */
public final class JShellClasses {

    private static Path folder;

    private JShellClasses() {}

    /** The class path folder, made on first use. */
    public static synchronized Path folder() {
        if (folder != null && Files.isRegularFile(folder.resolve(relative()))) {
            return folder;
        }
        try {
            Path made = Files.createTempDirectory(
                    "openenv4j-jshell-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            made.toFile().deleteOnExit();
            Path file = made.resolve(relative());
            Path dir = made;
            for (Path part : made.relativize(file.getParent())) {
                dir = dir.resolve(part);
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                dir.toFile().deleteOnExit();
            }
            try (InputStream bytes = JShellDriver.class.getResourceAsStream("/" + relative())) {
                if (bytes == null) {
                    throw new SandboxException("the Java session's driver class is missing from the class path");
                }
                Files.copy(bytes, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            file.toFile().deleteOnExit();
            folder = made;
            return made;
        } catch (IOException e) {
            throw new SandboxException("cannot write the Java session's driver class: " + e.getMessage(), e);
        }
    }

    private static String relative() {
        return JShellDriver.class.getName().replace('.', '/') + ".class";
    }
}
