package io.openenv4j.envs.textadventure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("n", new Command.Go(Direction.NORTH)),
                Arguments.of("north", new Command.Go(Direction.NORTH)),
                Arguments.of("go north", new Command.Go(Direction.NORTH)),
                Arguments.of("  Go North! ", new Command.Go(Direction.NORTH)),
                Arguments.of("walk w", new Command.Go(Direction.WEST)),
                Arguments.of("head to the east", new Command.Go(Direction.EAST)),
                Arguments.of("go to the kitchen", new Command.GoTo("kitchen")),
                Arguments.of("enter house", new Command.GoTo("house")),
                Arguments.of("look", new Command.Look()),
                Arguments.of("l", new Command.Look()),
                Arguments.of("look around", new Command.Look()),
                Arguments.of("look at the key", new Command.Examine("key")),
                Arguments.of("x idol", new Command.Examine("idol")),
                Arguments.of("examine the oak door", new Command.Examine("oak door")),
                Arguments.of("take key", new Command.Take("key")),
                Arguments.of("get the brass key", new Command.Take("brass key")),
                Arguments.of("pick up the key", new Command.Take("key")),
                Arguments.of("pick key up", new Command.Take("key")),
                Arguments.of("take all", new Command.Take("all")),
                Arguments.of("drop idol", new Command.Drop("idol")),
                Arguments.of("put down the rope", new Command.Drop("rope")),
                Arguments.of("put rope down", new Command.Drop("rope")),
                Arguments.of("inventory", new Command.Inventory()),
                Arguments.of("i", new Command.Inventory()),
                Arguments.of("inv", new Command.Inventory()),
                Arguments.of("open door", new Command.Open("door")),
                Arguments.of("open the door", new Command.Open("door")),
                Arguments.of("shut door", new Command.Close("door")),
                Arguments.of("unlock door", new Command.Unlock("door", "")),
                Arguments.of("unlock the door with the key", new Command.Unlock("door", "key")),
                Arguments.of("use key on door", new Command.Use("key", "door")),
                Arguments.of("use the brass key on the oak door", new Command.Use("brass key", "oak door")),
                Arguments.of("use key", new Command.Use("key", "")),
                Arguments.of("read book", new Command.Read("book")),
                Arguments.of("help", new Command.Help()),
                Arguments.of("?", new Command.Help()),
                Arguments.of("wait", new Command.Wait()),
                Arguments.of("dance wildly", new Command.Unknown("dance wildly")),
                Arguments.of("xyzzy", new Command.Unknown("xyzzy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void readsCommonPhrasings(String line, Command expected) {
        assertThat(Parser.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"take", "go", "open", "use", "drop", "examine"})
    void aVerbWithoutItsObjectAsksForIt(String verb) {
        assertThat(Parser.parse(verb)).isInstanceOf(Command.Incomplete.class);
        assertThat(((Command.Incomplete) Parser.parse(verb)).reply()).contains("?");
    }

    @Test
    void nothingTypedIsAskedAgain() {
        assertThat(Parser.parse(""))
                .isEqualTo(Parser.parse("   "))
                .isEqualTo(Parser.parse(null))
                .isInstanceOf(Command.Incomplete.class);
    }
}
