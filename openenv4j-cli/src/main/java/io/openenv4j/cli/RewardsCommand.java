package io.openenv4j.cli;

import io.openenv4j.rewards.Rubric;
import io.openenv4j.rewards.RubricSpec;
import io.openenv4j.wire.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code openenv4j rewards}: serve a rubric as a reward provider, or score trajectories with one. */
@Command(
        name = "rewards",
        mixinStandardHelpOptions = true,
        description = "Reward providers (RFC 007): serve a rubric over HTTP, or score trajectories with a provider.",
        subcommands = {RewardsServeCommand.class, RewardsScoreCommand.class})
final class RewardsCommand {

    /**
     * The rubric of a spec file: YAML when its name ends in {@code .yaml} or {@code .yml}, JSON otherwise.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not a valid spec
     */
    static Rubric rubric(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the rubric spec " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            Object plain;
            try {
                plain = WireJson.toPlain(new YAMLMapper().readTree(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "the rubric spec " + file + " is not valid YAML: " + e.getMessage(), e);
            }
            return RubricSpec.parse(plain, System::getenv);
        }
        return RubricSpec.parseJson(text, System::getenv);
    }
}
