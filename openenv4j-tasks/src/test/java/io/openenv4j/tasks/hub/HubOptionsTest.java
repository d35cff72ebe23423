package io.openenv4j.tasks.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsFollowHuggingfaceHub() {
        HubOptions o = HubOptions.fromEnvironment(Map.of());

        assertThat(o.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(o.cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
        assertThat(o.network()).isEqualTo(HubOptions.Network.ONLINE);
        assertThat(o.progress()).isEqualTo(HubOptions.Progress.AUTO);
    }

    @Test
    void readsTheHuggingfaceEnvironmentVariables() throws Exception {
        Files.writeString(dir.resolve("token"), "hf_from_file\n");
        HubOptions o = HubOptions.fromEnvironment(Map.of(
                "HF_HOME",
                dir.toString(),
                "HF_ENDPOINT",
                "http://mirror.local:8080/",
                "HF_HUB_OFFLINE",
                "1",
                "HF_HUB_DISABLE_PROGRESS_BARS",
                "true",
                "HF_HUB_DOWNLOAD_TIMEOUT",
                "2.5"));

        assertThat(o.cacheDir()).isEqualTo(dir.resolve("hub"));
        assertThat(o.token()).isEqualTo("hf_from_file");
        assertThat(o.endpoint()).isEqualTo(URI.create("http://mirror.local:8080"));
        assertThat(o.network()).isEqualTo(HubOptions.Network.OFFLINE);
        assertThat(o.progress()).isEqualTo(HubOptions.Progress.NEVER);
        assertThat(o.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void hfTokenAndHubCacheWinOverTheFilesUnderHfHome() throws Exception {
        Files.writeString(dir.resolve("token"), "hf_from_file");
        HubOptions o = HubOptions.fromEnvironment(Map.of(
                "HF_HOME",
                dir.toString(),
                "HF_TOKEN",
                "hf_env",
                "HF_HUB_CACHE",
                dir.resolve("elsewhere").toString(),
                "XDG_CACHE_HOME",
                "/ignored"));

        assertThat(o.token()).isEqualTo("hf_env");
        assertThat(o.cacheDir()).isEqualTo(dir.resolve("elsewhere"));
        assertThat(HubOptions.fromEnvironment(Map.of("XDG_CACHE_HOME", dir.toString()))
                        .cacheDir())
                .isEqualTo(dir.resolve("huggingface/hub"));
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(HubOptions.fromEnvironment(Map.of("HF_TOKEN", "hf_secret")).toString())
                .doesNotContain("hf_secret");
    }
}
