package io.openenv4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCatalogueTest {

    /** Five tasks in "train", none in "empty"; task i is {"id": i}. */
    private static final TaskCatalogue FIVE = new TaskCatalogue() {
        @Override
        public List<String> splits() {
            return List.of("train", "empty");
        }

        @Override
        public long count(String split) {
            return switch (split) {
                case "train" -> 5;
                case "empty" -> 0;
                default -> throw new UnknownSplitException(split, splits());
            };
        }

        @Override
        public Map<String, Object> task(String split, long index) {
            if (index < 0 || index >= count(split)) {
                throw new IndexOutOfBoundsException("index " + index);
            }
            return Map.of("id", index);
        }
    };

    private static List<Object> ids(List<Map<String, Object>> tasks) {
        return tasks.stream().map(task -> task.get("id")).toList();
    }

    @Test
    void rangeWithoutBoundsIsTheWholeSplitInOrder() {
        assertThat(ids(FIVE.range("train", null, null))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(ids(FIVE.tasks("train"))).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void rangeIsHalfOpenLikeAPythonSlice() {
        assertThat(ids(FIVE.range("train", 1L, 3L))).containsExactly(1L, 2L);
        assertThat(ids(FIVE.range("train", 2L, null))).containsExactly(2L, 3L, 4L);
        assertThat(ids(FIVE.range("train", null, 2L))).containsExactly(0L, 1L);
    }

    @Test
    void negativeBoundsCountFromTheEnd() {
        assertThat(ids(FIVE.range("train", -2L, null))).containsExactly(3L, 4L);
        assertThat(ids(FIVE.range("train", null, -3L))).containsExactly(0L, 1L);
        assertThat(ids(FIVE.range("train", -4L, -1L))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void boundsPastEitherEndAreClampedAndAReversedRangeIsEmpty() {
        assertThat(ids(FIVE.range("train", -100L, 100L))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(FIVE.range("train", 7L, null)).isEmpty();
        assertThat(FIVE.range("train", 3L, 1L)).isEmpty();
        assertThat(FIVE.tasks("empty")).isEmpty();
    }

    @Test
    void anUnknownSplitIsRefusedNamingTheSplitsThereAre() {
        assertThatThrownBy(() -> FIVE.range("test", null, null))
                .isInstanceOf(TaskCatalogue.UnknownSplitException.class)
                .hasMessage("unknown split 'test'; the environment has splits [train, empty]");
    }
}
