package io.openenv4j.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same image: the Java base rebuilt from scratch has the image id of the one the build used, and
 * the text family's image built twice by Jib (executions text and text-again) has the same digest, byte for byte.
 */
class ReproducibleImagesTest {

    private static String run(String... command) throws Exception {
        var result = DockerDaemon.exec(List.of(command), Map.of(), Duration.ofMinutes(15));
        assertEquals(0, result.exit(), String.join(" ", command) + ": " + result.err());
        return result.out().strip();
    }

    private static String cachedBase(String name) {
        return System.getProperty(
                "openenv4j." + name + ".base.image",
                System.getProperty("user.home") + "/.cache/openenv4j/images/" + name + "-base.tar");
    }

    @Test
    void theJavaBaseRebuiltFromScratchHasTheSameImageId() throws Exception {
        Path scripts = Images.repoRoot().resolve("scripts/images");
        String used = run(
                "bash", "-c", ". '" + scripts.resolve("image-lib.sh") + "' && image_id '" + cachedBase("java") + "'");
        Path rebuilt = Images.buildDir().resolve("repro/java-base.tar");
        Files.createDirectories(rebuilt.getParent());
        String again =
                run("bash", scripts.resolve("java-base.sh").toString(), "--force", "--output", rebuilt.toString());
        assertTrue(used.matches("sha256:[0-9a-f]{64}"), used);
        assertEquals(used, again);
        assertEquals(Files.size(Path.of(cachedBase("java"))), Files.size(rebuilt));
    }

    @Test
    void theTextImageBuiltTwiceHasTheSameDigestAndBytes() throws Exception {
        Path first = Images.imagesDir();
        Path second = Images.buildDir().resolve("images-again");
        String digest = Files.readString(first.resolve("text.digest")).strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertEquals(digest, Files.readString(second.resolve("text.digest")).strip());
        assertEquals(
                Files.readString(first.resolve("text.id")).strip(),
                Files.readString(second.resolve("text.id")).strip());
        assertArrayEquals(
                Files.readAllBytes(first.resolve("text.tar")), Files.readAllBytes(second.resolve("text.tar")));
    }
}
