package io.openenv4j.envs.textadventure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The house and everything in it: where the player is, where each item lies, the oak door's state and the
 * milestones reached. It carries out one {@link Command} at a time and answers in prose. Which room hides
 * the key and where the three everyday items lie follow from the seed. Not thread-safe.
 */
final class World {

    /** The oak door between the hall and the study. */
    enum Door {
        LOCKED,
        CLOSED,
        OPEN;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What earns points; the points add up to {@link #MAX_SCORE}. */
    enum Milestone {
        KEY_TAKEN(10),
        DOOR_UNLOCKED(10),
        IDOL_TAKEN(10),
        IDOL_RESCUED(70);

        final int points;

        Milestone(int points) {
            this.points = points;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a command did: the reply and the points it earned. */
    record Outcome(String text, int points) {}

    static final int MAX_SCORE = 100;
    private static final List<Room> KEY_ROOMS = List.of(Room.SHED, Room.KITCHEN, Room.LIBRARY);
    private static final List<Room> CLUTTER_ROOMS =
            List.of(Room.GARDEN, Room.SHED, Room.HALL, Room.KITCHEN, Room.LIBRARY);
    private static final Set<String> DOOR =
            Set.of("door", "oak door", "heavy door", "heavy oak door", "study door", "lock");
    private static final int QUOTE_LIMIT = 60;

    private final Map<Item, Room> lying = new EnumMap<>(Item.class);
    private final List<Item> carried = new ArrayList<>();
    private final EnumSet<Milestone> reached = EnumSet.noneOf(Milestone.class);
    private final Room keyRoom;
    private Room room = Room.GARDEN;
    private Door door = Door.LOCKED;

    World(long seed) {
        var random = new Random(seed);
        keyRoom = KEY_ROOMS.get(random.nextInt(KEY_ROOMS.size()));
        lying.put(Item.KEY, keyRoom);
        lying.put(Item.IDOL, Room.STUDY);
        for (Item item : List.of(Item.BREAD, Item.ROPE, Item.BOOK)) {
            lying.put(item, CLUTTER_ROOMS.get(random.nextInt(CLUTTER_ROOMS.size())));
        }
    }

    Outcome apply(Command command) {
        int before = score();
        String text = switch (command) {
            case Command.Go go -> go(go.direction());
            case Command.GoTo goTo -> goTo(goTo.place());
            case Command.Look look -> describe();
            case Command.Examine examine -> examine(examine.noun());
            case Command.Take take -> take(take.noun());
            case Command.Drop drop -> drop(drop.noun());
            case Command.Inventory inventory -> inventory();
            case Command.Open open -> open(open.noun());
            case Command.Close close -> close(close.noun());
            case Command.Unlock unlock -> unlock(unlock.target(), unlock.tool());
            case Command.Use use -> use(use.tool(), use.target());
            case Command.Read read -> read(read.noun());
            case Command.Help help ->
                "Commands: look, go <direction> (north/south/east/west, or n/s/e/w), go to <room>,"
                        + " examine <thing>, take <item>, drop <item>, inventory (i), open/close door,"
                        + " unlock door with <item>, use <item> on <thing>, read <item>, wait.";
            case Command.Wait wait -> "Time passes.";
            case Command.Incomplete incomplete -> incomplete.reply();
            case Command.Unknown unknown ->
                "I don't understand \"" + quote(unknown.text()) + "\". Try commands like"
                        + " look, go north (or n), take key, open door, use key on door, inventory or help.";
        };
        if (!reached.contains(Milestone.IDOL_RESCUED)
                && (lying.get(Item.IDOL) == Room.GARDEN || (room == Room.GARDEN && carried.contains(Item.IDOL)))) {
            reached.add(Milestone.IDOL_RESCUED);
            text += "\n\nYou carry the golden idol out into the daylight of the garden. The treasure is yours."
                    + " *** You have won ***";
        }
        return new Outcome(text, score() - before);
    }

    /** The room's title, prose, the items lying there and the exits. */
    String describe() {
        var text = new StringBuilder(room.title()).append('\n').append(room.description());
        if (room.hasDoor()) {
            text.append(
                    switch (door) {
                        case LOCKED -> ", which is locked.";
                        case CLOSED -> ", which is closed.";
                        case OPEN -> ", which stands open.";
                    });
        }
        List<Item> here = itemsHere();
        if (!here.isEmpty()) {
            text.append("\nYou see here: ")
                    .append(here.stream().map(Item::withArticle).collect(Collectors.joining(", ")))
                    .append('.');
        }
        text.append("\nExits: ")
                .append(room.exits().stream().map(Direction::wireName).collect(Collectors.joining(", ")))
                .append('.');
        return text.toString();
    }

    private String go(Direction direction) {
        Room next = room.exit(direction);
        if (next == null) {
            return "You can't go " + direction.wireName() + " from here. Exits: "
                    + room.exits().stream().map(Direction::wireName).collect(Collectors.joining(", ")) + ".";
        }
        if (room.throughDoor(direction) && door != Door.OPEN) {
            return "The oak door is " + door.wireName() + ".";
        }
        room = next;
        return describe();
    }

    private String goTo(String place) {
        Room target = switch (place) {
            case "house", "inside", "indoors" -> Room.HALL;
            case "outside", "outdoors", "out" -> Room.GARDEN;
            default -> {
                for (Room candidate : Room.values()) {
                    if (place.equals(candidate.wireName()) || place.equals(candidate.wireName() + " room")) {
                        yield candidate;
                    }
                }
                yield null;
            }
        };
        if (target == null) {
            return "I don't know the way to \"" + quote(place) + "\". Try a direction: north, south, east or west.";
        }
        if (target == room) {
            return "You are already in the " + room.title().toLowerCase(Locale.ROOT) + ".";
        }
        for (Direction direction : room.exits()) {
            if (room.exit(direction) == target) {
                return go(direction);
            }
        }
        return "You can't get to the " + target.title().toLowerCase(Locale.ROOT) + " directly from here.";
    }

    private String examine(String noun) {
        if (noun.equals("inventory")) {
            return inventory();
        }
        if (noun.equals("room") || noun.equals("around") || noun.equals(room.wireName())) {
            return describe();
        }
        if (DOOR.contains(noun)) {
            return room.hasDoor() ? "A heavy oak door bound with iron. It is " + door.wireName() + "." : noDoor();
        }
        Item item = visible(noun);
        return item == null ? "You see no " + quote(noun) + " here." : item.description();
    }

    private String take(String noun) {
        if (noun.equals("all") || noun.equals("everything")) {
            List<Item> here = itemsHere();
            if (here.isEmpty()) {
                return "There is nothing here to take.";
            }
            return here.stream().map(this::pickUp).collect(Collectors.joining(" "));
        }
        if (DOOR.contains(noun) && room.hasDoor()) {
            return "The door is firmly fixed in its frame.";
        }
        Item item = named(noun, itemsHere());
        if (item != null) {
            return pickUp(item);
        }
        item = named(noun, carried);
        return item != null ? "You already have the " + item.title() + "." : "You see no " + quote(noun) + " here.";
    }

    private String pickUp(Item item) {
        lying.remove(item);
        carried.add(item);
        if (item == Item.KEY) {
            reached.add(Milestone.KEY_TAKEN);
        } else if (item == Item.IDOL) {
            reached.add(Milestone.IDOL_TAKEN);
        }
        return "Taken: the " + item.title() + ".";
    }

    private String drop(String noun) {
        if (noun.equals("all") || noun.equals("everything")) {
            if (carried.isEmpty()) {
                return "You are not carrying anything.";
            }
            return List.copyOf(carried).stream().map(this::putDown).collect(Collectors.joining(" "));
        }
        Item item = named(noun, carried);
        return item == null ? "You aren't carrying any " + quote(noun) + "." : putDown(item);
    }

    private String putDown(Item item) {
        carried.remove(item);
        lying.put(item, room);
        return "Dropped: the " + item.title() + ".";
    }

    private String inventory() {
        return carried.isEmpty()
                ? "You are empty-handed."
                : "You are carrying: " + carried.stream().map(Item::withArticle).collect(Collectors.joining(", "))
                        + ".";
    }

    private String open(String noun) {
        if (DOOR.contains(noun)) {
            if (!room.hasDoor()) {
                return noDoor();
            }
            return switch (door) {
                case LOCKED ->
                    "The oak door is locked." + (carried.contains(Item.KEY) ? " Perhaps the brass key fits." : "");
                case CLOSED -> {
                    door = Door.OPEN;
                    yield "You open the oak door.";
                }
                case OPEN -> "The oak door is already open.";
            };
        }
        Item item = visible(noun);
        if (item == Item.BOOK) {
            return read(noun);
        }
        return item == null ? "You see no " + quote(noun) + " here." : "The " + item.title() + " can't be opened.";
    }

    private String close(String noun) {
        if (!DOOR.contains(noun)) {
            return visible(noun) == null ? "You see no " + quote(noun) + " here." : "That can't be closed.";
        }
        if (!room.hasDoor()) {
            return noDoor();
        }
        if (door != Door.OPEN) {
            return "The oak door is already closed.";
        }
        door = Door.CLOSED;
        return "You close the oak door.";
    }

    private String unlock(String target, String tool) {
        if (!target.isEmpty() && !DOOR.contains(target)) {
            return visible(target) == null ? "You see no " + quote(target) + " here." : "That has no lock.";
        }
        if (!room.hasDoor()) {
            return target.isEmpty() ? "There is nothing here to unlock." : noDoor();
        }
        if (door != Door.LOCKED) {
            return "The oak door is not locked.";
        }
        if (!tool.isEmpty()) {
            Item item = named(tool, carried);
            if (item == null) {
                return "You aren't carrying any " + quote(tool) + ".";
            }
            if (item != Item.KEY) {
                return "The " + item.title() + " won't turn the lock.";
            }
        } else if (!carried.contains(Item.KEY)) {
            return "You have nothing to unlock it with.";
        }
        door = Door.CLOSED;
        reached.add(Milestone.DOOR_UNLOCKED);
        return "You turn the brass key in the lock. Click! The oak door is unlocked.";
    }

    private String use(String tool, String target) {
        Item item = named(tool, carried);
        if (item == null) {
            return DOOR.contains(tool) ? "Try opening it." : "You aren't carrying any " + quote(tool) + ".";
        }
        return switch (item) {
            case KEY -> unlock(target, tool);
            case BOOK -> read(tool);
            case IDOL, BREAD, ROPE -> "You can't think of a way to use the " + item.title() + " here.";
        };
    }

    private String read(String noun) {
        Item item = visible(noun);
        if (item == null) {
            return "You see no " + quote(noun) + " here.";
        }
        if (item != Item.BOOK) {
            return "There is nothing written on the " + item.title() + ".";
        }
        return "Between columns of old household accounts someone has pencilled: \"Spare key to the study is kept"
                + " in the " + keyRoom.title().toLowerCase(Locale.ROOT) + ".\"";
    }

    private Item visible(String noun) {
        Item item = named(noun, itemsHere());
        return item != null ? item : named(noun, carried);
    }

    private static Item named(String noun, List<Item> among) {
        return among.stream().filter(item -> item.isCalled(noun)).findFirst().orElse(null);
    }

    private String noDoor() {
        return "You see no door here.";
    }

    private static String quote(String text) {
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
    }

    Room room() {
        return room;
    }

    Door door() {
        return door;
    }

    /** The items lying in the current room, in a fixed order. */
    List<Item> itemsHere() {
        return lying.entrySet().stream()
                .filter(entry -> entry.getValue() == room)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The items carried, in the order they were picked up. */
    List<Item> carried() {
        return List.copyOf(carried);
    }

    /** Where each item not carried lies. */
    Map<Item, Room> lying() {
        return new EnumMap<>(lying);
    }

    Set<Milestone> milestones() {
        return EnumSet.copyOf(reached);
    }

    int score() {
        return reached.stream().mapToInt(milestone -> milestone.points).sum();
    }

    boolean won() {
        return reached.contains(Milestone.IDOL_RESCUED);
    }
}
