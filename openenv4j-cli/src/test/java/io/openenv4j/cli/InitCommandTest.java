package io.openenv4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code openenv4j init} writes and what it refuses. That the generated project builds, passes its tests, serves
 * and validates is scripts/init-test.sh (run by ./test.sh against the staged release bundle).
 */
class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void aProjectIsWrittenWithItsEnvironmentRegistrationTestsManifestAndImageBuild() throws Exception {
        Path project = dir.resolve("grid");
        CliRun run = CliRun.run("init", "grid-maze", "--package", "org.acme.maze", "--dir", project.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path sources = project.resolve("src/main/java/org/acme/maze");
        assertThat(sources.resolve("GridMazeEnvironment.java"))
                .content()
                .contains("package org.acme.maze;")
                .contains("public static final String NAME = \"grid-maze\";")
                .contains("public record Action(")
                .contains("public record Observation(")
                .contains("public record GridMazeState(");
        assertThat(sources.resolve("GridMazeOracle.java")).exists();
        assertThat(sources.resolve("Main.java")).content().contains("Launcher.serve(GridMazeEnvironment.NAME, args)");
        assertThat(project.resolve("src/main/resources/META-INF/services/io.openenv4j.core.spi.EnvironmentProvider"))
                .hasContent("org.acme.maze.GridMazeProvider");
        assertThat(project.resolve("src/test/java/org/acme/maze/GridMazeEnvironmentTest.java"))
                .content()
                .contains("extends EnvironmentContract<");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom)
                .contains("<openenv4j.version>" + Main.version() + "</openenv4j.version>")
                .contains("<artifactId>grid-maze</artifactId>")
                .contains(
                        "<openenv4j.base.image>${user.home}/.cache/openenv4j/images/java-base.tar</openenv4j.base.image>")
                .contains("<image>tar://${openenv4j.base.image}</image>")
                .contains("<goal>buildTar</goal>")
                .contains("<id>image</id>")
                .contains("<mainClass>org.acme.maze.Main</mainClass>");
        assertThat(project.resolve("openenv.yaml"))
                .content()
                .contains("name: grid-maze")
                .contains("spec_version: 1");
        assertThat(project.resolve("src/main/jib/usr/local/bin/server"))
                .content()
                .contains("-cp @/app/jib-classpath-file org.acme.maze.Main");
        assertThat(pom)
                .contains("<args><arg>server</arg></args>")
                .contains("<user>65532:65532</user>")
                .contains("<io.openenv.health-path>/health</io.openenv.health-path>");
        assertThat(project.resolve("README.md")).content().contains("openenv4j serve grid-maze --classpath");
        assertThat(run.out()).contains("Created").contains("mvn verify");
    }

    @Test
    void aProjectMadeFromAClonesBuildResolvesOpenEnv4jFromThatBuildsRepositoryOnly() throws Exception {
        Path local = dir.resolve("local-repository");
        CliRun fromClone = CliRun.run(
                "init", "counter", "--dir", dir.resolve("a").toString(), "--local-repository", local.toString());
        CliRun fromRelease =
                CliRun.run("init", "counter", "--dir", dir.resolve("b").toString());

        assertThat(fromClone.exitCode()).as(fromClone.err()).isZero();
        assertThat(Files.readString(dir.resolve("a/pom.xml")))
                .contains("<repositories>")
                .contains("<url>" + local.toUri() + "</url>");
        assertThat(Files.readString(dir.resolve("b/pom.xml"))).doesNotContain("openenv4j-local-build");
        assertThat(dir.resolve("a/src/test/resources/simplelogger.properties"))
                .content()
                .contains("=warn");
    }

    @Test
    void theDefaultPackageAndFolderComeFromTheName() throws Exception {
        Path project = dir.resolve("counter");
        CliRun run = CliRun.run("init", "counter", "--dir", project.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(project.resolve("src/main/java/com/example/counter/CounterEnvironment.java"))
                .exists();
    }

    @Test
    void namesAndPackagesThatCannotBeUsedAreRefusedBeforeWritingAnything() {
        CliRun badName = CliRun.run("init", "My Env", "--dir", dir.resolve("a").toString());
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("'My Env' is not a usable name");

        CliRun badPackage = CliRun.run(
                "init",
                "counter",
                "--package",
                "com.example.class",
                "--dir",
                dir.resolve("b").toString());
        assertThat(badPackage.exitCode()).isEqualTo(2);
        assertThat(badPackage.err()).contains("'com.example.class' is not a Java package name");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void aFolderThatIsNotEmptyIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.run("init", "counter", "--dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("already exists and is not empty");
        assertThat(dir.resolve("pom.xml")).doesNotExist();
    }
}
