package io.openenv4j.envs.textadventure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class WorldTest {

    /** A world whose key lies in the shed. */
    private static World keyInShed() {
        for (long seed = 0; ; seed++) {
            var world = new World(seed);
            if (world.lying().get(Item.KEY) == Room.SHED) {
                return world;
            }
        }
    }

    private static String run(World world, String line) {
        return world.apply(Parser.parse(line)).text();
    }

    @Test
    void theSeedPlacesTheKeyAndTheClutter() {
        var keyRooms = new HashSet<Room>();
        var layouts = new HashSet<String>();
        for (long seed = 0; seed < 40; seed++) {
            keyRooms.add(new World(seed).lying().get(Item.KEY));
            layouts.add(new World(seed).lying().toString());
            assertThat(new World(seed).lying()).isEqualTo(new World(seed).lying());
            assertThat(new World(seed).lying().get(Item.IDOL)).isEqualTo(Room.STUDY);
        }
        assertThat(keyRooms).containsExactlyInAnyOrder(Room.SHED, Room.KITCHEN, Room.LIBRARY);
        assertThat(layouts.size()).isGreaterThan(10);
    }

    @Test
    void theLockedDoorKeepsThePlayerOutUntilUnlockedAndOpened() {
        World world = keyInShed();
        run(world, "n");
        assertThat(run(world, "n")).isEqualTo("The oak door is locked.");
        assertThat(run(world, "open door")).isEqualTo("The oak door is locked.");
        assertThat(run(world, "unlock door")).isEqualTo("You have nothing to unlock it with.");
        assertThat(world.room()).isEqualTo(Room.HALL);
        run(world, "s");
        run(world, "e");
        assertThat(run(world, "take key")).isEqualTo("Taken: the brass key.");
        run(world, "w");
        run(world, "n");
        assertThat(run(world, "open door")).contains("locked", "Perhaps the brass key fits");
        assertThat(run(world, "unlock door with key")).contains("The oak door is unlocked");
        assertThat(world.door()).isEqualTo(World.Door.CLOSED);
        assertThat(run(world, "go north")).isEqualTo("The oak door is closed.");
        assertThat(run(world, "open door")).isEqualTo("You open the oak door.");
        assertThat(run(world, "go north")).startsWith("Study\n").contains("a golden idol");
    }

    @Test
    void everyWayOfUnlockingWorks() {
        for (String line : new String[] {
            "use key on door",
            "unlock door with key",
            "unlock door",
            "use key",
            "use the brass key on the oak door",
            "unlock the lock using the key"
        }) {
            World world = keyInShed();
            for (String move : new String[] {"e", "take key", "w", "n"}) {
                run(world, move);
            }
            assertThat(run(world, line)).as(line).contains("unlocked");
            assertThat(world.door()).as(line).isEqualTo(World.Door.CLOSED);
        }
    }

    @Test
    void theWrongToolDoesNotUnlock() {
        World world = keyInShed();
        run(world, "n");
        assertThat(run(world, "unlock door with idol")).isEqualTo("You aren't carrying any idol.");
        assertThat(world.door()).isEqualTo(World.Door.LOCKED);
    }

    @Test
    void takeDropAndInventory() {
        World world = keyInShed();
        run(world, "e");
        assertThat(run(world, "i")).isEqualTo("You are empty-handed.");
        assertThat(run(world, "pick up the brass key")).isEqualTo("Taken: the brass key.");
        assertThat(run(world, "take key")).isEqualTo("You already have the brass key.");
        assertThat(run(world, "inventory")).isEqualTo("You are carrying: a brass key.");
        assertThat(run(world, "check inventory")).isEqualTo("You are carrying: a brass key.");
        assertThat(run(world, "drop key")).isEqualTo("Dropped: the brass key.");
        assertThat(world.carried()).isEmpty();
        assertThat(world.itemsHere()).contains(Item.KEY);
        assertThat(run(world, "drop key")).isEqualTo("You aren't carrying any key.");
        assertThat(run(world, "take unicorn")).isEqualTo("You see no unicorn here.");
        assertThat(run(world, "take the shiny key")).isEqualTo("Taken: the brass key.");
    }

    @Test
    void milestonesScoreOnce() {
        World world = keyInShed();
        run(world, "e");
        assertThat(world.apply(Parser.parse("take key")).points()).isEqualTo(10);
        run(world, "drop key");
        assertThat(world.apply(Parser.parse("take key")).points()).isZero();
        assertThat(world.score()).isEqualTo(10);
    }

    @Test
    void theBookTellsWhereTheKeyIs() {
        for (long seed = 0; seed < 30; seed++) {
            var world = new World(seed);
            Room bookRoom = world.lying().get(Item.BOOK);
            Room keyRoom = world.lying().get(Item.KEY);
            if (bookRoom == Room.GARDEN) {
                assertThat(run(world, "read book"))
                        .contains("kept in the " + keyRoom.title().toLowerCase());
                return;
            }
        }
        throw new AssertionError("no seed below 30 leaves the book in the garden");
    }

    @Test
    void unknownAndImpossibleThingsAreAnsweredInTheWorld() {
        World world = keyInShed();
        assertThat(run(world, "dance wildly")).startsWith("I don't understand \"dance wildly\".");
        assertThat(run(world, "go west")).isEqualTo("You can't go west from here. Exits: north, east.");
        assertThat(run(world, "open door")).isEqualTo("You see no door here.");
        assertThat(run(world, "go to the study")).isEqualTo("You can't get to the study directly from here.");
        assertThat(run(world, "go to narnia")).startsWith("I don't know the way to \"narnia\"");
        assertThat(run(world, "enter house")).startsWith("Hall\n");
        assertThat(world.score()).isZero();
    }

    @Test
    void bringingTheIdolToTheGardenWins() {
        World world = keyInShed();
        for (String move :
                new String[] {"e", "take key", "w", "n", "use key on door", "open door", "n", "take idol", "s"}) {
            run(world, move);
        }
        assertThat(world.won()).isFalse();
        World.Outcome last = world.apply(Parser.parse("s"));
        assertThat(last.text()).contains("You have won");
        assertThat(last.points()).isEqualTo(70);
        assertThat(world.score()).isEqualTo(World.MAX_SCORE);
        assertThat(world.won()).isTrue();
    }
}
