package io.openenv4j.envs.qa;

import static org.assertj.core.api.Assertions.assertThat;

import io.openenv4j.wire.WireJson;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QaProblemsTest {

    @Test
    void regeneratingGivesTheCommittedBytes() throws Exception {
        for (var file : QaProblems.files().entrySet()) {
            try (InputStream in = QaProblems.class.getResourceAsStream(file.getKey())) {
                assertThat(in).as(file.getKey()).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as(file.getKey())
                        .isEqualTo(file.getValue());
            }
        }
    }

    @Test
    void everySolutionWorksOutToItsAnswerWhichTheQuestionDoesNotGiveAway() {
        var questions = new HashSet<String>();
        for (var row : QaProblems.generate("x", 300, 99, Set.of())) {
            String answer = (String) row.get("answer");
            String solution = (String) row.get("solution");
            assertThat(solution).endsWith("#### " + answer);
            String lastStep =
                    solution.lines().toList().get(solution.lines().toList().size() - 2);
            assertThat(new BigDecimal(
                            lastStep.substring(lastStep.lastIndexOf('=') + 1).trim()))
                    .isEqualByComparingTo(new BigDecimal(answer));
            assertThat(new BigDecimal(answer)).isPositive();
            assertThat((String) row.get("question"))
                    .doesNotContainPattern("(?<![0-9])" + answer.replace(".", "\\.") + "(?![0-9])");
            assertThat(questions.add((String) row.get("question"))).isTrue();
        }
    }

    @Test
    void theSameSeedGivesTheSameProblemsAndAnotherSeedOthers() {
        assertThat(WireJson.write(QaProblems.generate("train", 20, 5, Set.of())))
                .isEqualTo(WireJson.write(QaProblems.generate("train", 20, 5, Set.of())))
                .isNotEqualTo(WireJson.write(QaProblems.generate("train", 20, 6, Set.of())));
    }

    @Test
    void theSplitsShareNoQuestion() {
        var files = QaProblems.files();
        var train = new HashSet<>(files.get("train.jsonl")
                .lines()
                .map(l -> WireJson.parse(l).get("question").asString())
                .toList());
        assertThat(train).hasSize(200);
        assertThat(files.get("test.jsonl")
                        .lines()
                        .map(l -> WireJson.parse(l).get("question").asString()))
                .noneMatch(train::contains);
    }
}
