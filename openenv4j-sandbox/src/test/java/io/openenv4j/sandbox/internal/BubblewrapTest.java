package io.openenv4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openenv4j.sandbox.Limits;
import io.openenv4j.sandbox.Network;
import io.openenv4j.sandbox.SandboxException;
import io.openenv4j.sandbox.Seed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapTest {

    @Test
    void aMissingBwrapNamesThePackageToInstall() {
        assertThatThrownBy(() -> Bubblewrap.executable("bwrap-not-installed-here"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("bubblewrap is not installed")
                .hasMessageContaining("apt-get install -y bubblewrap");
    }

    @Test
    void theCommandLineIsolatesAndLimits(@TempDir Path root) throws Exception {
        WorkFolder folder = WorkFolder.create(root, 3_000_123, Seed.empty(), false);
        try {
            List<String> line = Bubblewrap.commandLine(
                    folder, 3_000_123, Limits.defaults(), Network.OFF, List.of(), List.of("true"));
            String joined = String.join(" ", line);
            assertThat(joined)
                    .contains(
                            "--reuid=3000123",
                            "--clear-groups",
                            "--nproc=64",
                            "--as=1073741824",
                            "--unshare-all",
                            "--die-with-parent",
                            "--new-session",
                            "--as-pid-1",
                            "--ro-bind /usr /usr",
                            "--bind " + folder.work() + " /work",
                            "--bind " + folder.tmp() + " /tmp",
                            "--clearenv",
                            "--unshare-user",
                            "--remount-ro /dev",
                            "--size " + io.openenv4j.sandbox.Quota.defaults().diskBytes() + " --tmpfs /dev/shm",
                            "--remount-ro / --chdir /work",
                            "--disable-userns");
            if (Seccomp.unavailableReason().isEmpty()) {
                assertThat(joined).contains("--seccomp 9", "9<");
            }
            assertThat(line).doesNotContain("--share-net");
            assertThat(line.getLast()).isEqualTo("true");
            assertThat(Bubblewrap.commandLine(folder, -1, Limits.defaults(), Network.HOST, List.of(), List.of("true")))
                    .contains("--share-net")
                    .noneMatch(arg -> arg.startsWith("--reuid"));
        } finally {
            folder.delete();
        }
    }
}
