package io.openenv4j.tasks.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestTest {

    static final String FULL = """
            spec_version: hf-rl-env-0.1
            environments:
              - id: gsm-small
                title: Grade-school arithmetic
                description: Word problems with numeric answers
                config_name: default
                splits: [train, test]
                dataset:
                  config: default
                  data_files:
                    train: data/train-*.parquet
                    test: [data/test.jsonl]
                runtime:
                  isolation: container
                  network: disabled
                  timeout_seconds: 30
                  resources: {cpus: 1, memory_gb: 0.5, gpus: 0}
                  secrets: [HF_TOKEN]
                reward:
                  type: scalar
                  min: 0
                  max: 1
                frameworks:
                  openenv:
                    min_version: ">=0.3.0"
                    image: ghcr.io/openenv/qa:0.1
                    resources: {cpus: 2, network: false}
                  verifiers:
                    min_version: ">=0.1.14"
                    adapter: verifiers.v1.packages.tasksets.HarborTaskset
              - id: coding-env
                frameworks:
                  openenv:
                    manifest: openenv.yaml
                    mode: space
                    space_id: openenv/coding_env
            """;

    @Test
    void readsEveryPartOfAFullManifest() {
        Manifest m = Manifest.parse(FULL);

        assertThat(m.specVersion()).isEqualTo("hf-rl-env-0.1");
        assertThat(m.environments()).extracting(EnvironmentDeclaration::id).containsExactly("gsm-small", "coding-env");
        EnvironmentDeclaration gsm = m.environment("gsm-small").orElseThrow();
        assertThat(gsm.splits()).containsExactly("train", "test");
        assertThat(gsm.configName()).isEqualTo("default");
        assertThat(gsm.dataset().dataFiles())
                .containsExactly(
                        Map.entry("train", List.of("data/train-*.parquet")),
                        Map.entry("test", List.of("data/test.jsonl")));
        assertThat(gsm.runtime())
                .isEqualTo(new RuntimeRequirements(
                        "container", false, new Resources(1.0, 0.5, 0, null), List.of("HF_TOKEN"), 30.0));
        assertThat(gsm.reward().type()).isEqualTo("scalar");
        assertThat(gsm.reward().max()).isEqualTo(1.0);
        assertThat(gsm.openenv().orElseThrow().target()).isEqualTo(new OpenEnvFacet.Image("ghcr.io/openenv/qa:0.1"));
        assertThat(gsm.openenv().orElseThrow().resources().network()).isFalse();
        assertThat(gsm.frameworks().get("verifiers").settings())
                .containsEntry("adapter", "verifiers.v1.packages.tasksets.HarborTaskset");
        OpenEnvFacet coding =
                m.environment("coding-env").orElseThrow().openenv().orElseThrow();
        assertThat(coding.target()).isEqualTo(new OpenEnvFacet.Space("openenv/coding_env"));
        assertThat(coding.mode()).isEqualTo("space");
    }

    @Test
    void integersBeyondSixtyFourBitsAreKeptWholeAndInfiniteBoundsRefused() {
        // Found by ManifestFuzzTest: a huge integer anywhere under reward escaped as a Jackson exception.
        Manifest m = Manifest.parse("""
                spec_version: hf-rl-env-0.1
                environments:
                  - id: big
                    reward: {type: scalar, min: 0, max: 1111111111111111111111111111111111111111111}
                    frameworks: {harbor: {}}
                """);
        assertThat(m.environments().get(0).reward().settings())
                .containsEntry("max", new java.math.BigInteger("1111111111111111111111111111111111111111111"));
        assertThatThrownBy(() -> Manifest.parse("""
                spec_version: hf-rl-env-0.1
                environments:
                  - id: big
                    reward: {type: scalar, max: 1e400}
                    frameworks: {harbor: {}}
                """))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("reward.max")
                .hasMessageContaining("finite");
    }

    @Test
    void acceptsTheHubDraftSpecVersionAndFrameworksWithoutOpenEnv() {
        Manifest m = Manifest.parse("""
                spec_version: hf-env-0.1
                environments:
                  - id: terminal-bench-2
                    frameworks:
                      harbor:
                        min_version: ">=0.1.0"
                """);

        assertThat(m.environments().get(0).openenv()).isEmpty();
        assertThat(m.environments().get(0).frameworks().get("harbor").minVersion())
                .isEqualTo(">=0.1.0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing spec_version    | environments: []                                          | spec_version: required field is missing
            unknown spec_version    | spec_version: hf-rl-env-9 \\nenvironments: []               | spec_version: unsupported version 'hf-rl-env-9'
            environments not a list | spec_version: hf-rl-env-0.1\\nenvironments: {a: 1}          | environments: expected a list, got a mapping
            no environments         | spec_version: hf-rl-env-0.1\\nenvironments: []             | environments: must declare at least one environment
            entry not a mapping     | spec_version: hf-rl-env-0.1\\nenvironments: [x]            | environments[0]: expected a mapping, got a string ('x')
            missing id              | spec_version: hf-rl-env-0.1\\nenvironments: [{frameworks: {harbor: {}}}] | environments[0].id: required field is missing
            bad id                  | spec_version: hf-rl-env-0.1\\nenvironments: [{id: 'a b', frameworks: {harbor: {}}}] | environments[0].id: 'a b' is not a valid id
            splits not a list       | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {harbor: {}}}, {id: b, splits: train, frameworks: {harbor: {}}}] | environments[1].splits: expected a list, got a string ('train')
            split not a string      | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, splits: [train, 3], frameworks: {harbor: {}}}] | environments[0].splits[1]: expected a string, got a number (3)
            no frameworks           | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a}]      | environments[0].frameworks: required field is missing
            empty frameworks        | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {}}] | environments[0].frameworks: must declare at least one framework
            two openenv targets     | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {openenv: {image: x, space_id: y}}}] | environments[0].frameworks.openenv: expected exactly one of space_id, image or package, found 2
            no openenv target       | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {openenv: }}] | environments[0].frameworks.openenv: expected exactly one of space_id, image or package, found 0
            bad mode                | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {openenv: {image: x, mode: vm}}}] | environments[0].frameworks.openenv.mode: expected space, container or package
            duplicate ids           | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, frameworks: {harbor: {}}}, {id: a, frameworks: {harbor: {}}}] | environments[1].id: duplicate environment id 'a'
            bad network             | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, runtime: {network: maybe}, frameworks: {harbor: {}}}] | environments[0].runtime.network: expected enabled, disabled or a boolean
            negative cpus           | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, runtime: {resources: {cpus: -1}}, frameworks: {harbor: {}}}] | environments[0].runtime.resources.cpus: expected a number > 0
            fractional gpus         | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, runtime: {resources: {gpus: 0.5}}, frameworks: {harbor: {}}}] | environments[0].runtime.resources.gpus: expected a whole number
            bad reward type         | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, reward: {type: vector}, frameworks: {harbor: {}}}] | environments[0].reward.type: expected scalar or object
            reward max below min    | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, reward: {min: 1, max: 0}, frameworks: {harbor: {}}}] | environments[0].reward.max: is below min
            bad dataset repo        | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, dataset: {repo: nope}, frameworks: {harbor: {}}}] | environments[0].dataset.repo: expected a repository id
            escaping dataset path   | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, dataset: {path: ../x}, frameworks: {harbor: {}}}] | environments[0].dataset.path: must be a relative path
            data_files wrong type   | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, dataset: {data_files: {train: 3}}, frameworks: {harbor: {}}}] | environments[0].dataset.data_files.train: expected a list, got a number (3)
            secrets not strings     | spec_version: hf-rl-env-0.1\\nenvironments: [{id: a, runtime: {secrets: [{a: 1}]}, frameworks: {harbor: {}}}] | environments[0].runtime.secrets[0]: expected a string, got a mapping
            document is a list      | [1, 2]                                                    | expected a mapping, got a list
            empty document          | ''                                                        | the document is empty
            invalid YAML            | 'spec_version: [unclosed'                                 | not valid YAML
            duplicate key           | spec_version: hf-rl-env-0.1\\nspec_version: hf-rl-env-0.1 | not valid YAML
            """)
    void namesTheFieldOfEveryMalformedPart(String caseName, String yaml, String message) {
        String doc = yaml.replace("\\n", "\n");

        assertThatThrownBy(() -> Manifest.parse(doc))
                .as(caseName)
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(message);
    }
}
