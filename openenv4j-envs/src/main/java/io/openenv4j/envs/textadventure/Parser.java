package io.openenv4j.envs.textadventure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads the player's line as a {@link Command}: case, punctuation and the words "the", "a", "an" and
 * "please" are ignored; a verb comes first, then what it acts on. Never fails: what it cannot read becomes
 * {@link Command.Unknown}, and a verb missing its object becomes {@link Command.Incomplete}. Stateless.
 */
final class Parser {

    private static final Set<String> FILLER = Set.of("the", "a", "an", "please", "some", "my");
    private static final Set<String> GO = Set.of("go", "walk", "run", "move", "head", "travel", "climb");
    private static final Set<String> EXAMINE = Set.of("examine", "x", "inspect", "check", "describe", "search");
    private static final Set<String> TAKE = Set.of("take", "get", "grab", "carry", "collect", "pick");
    private static final Set<String> DROP = Set.of("drop", "discard", "put", "throw");

    private Parser() {}

    static Command parse(String line) {
        if (line != null && line.strip().equals("?")) {
            return new Command.Help();
        }
        List<String> words = line == null
                ? List.of()
                : Arrays.stream(line.toLowerCase(Locale.ROOT)
                                .replaceAll("[^a-z]+", " ")
                                .strip()
                                .split(" "))
                        .filter(word -> !word.isEmpty() && !FILLER.contains(word))
                        .toList();
        if (words.isEmpty()) {
            return new Command.Incomplete("I beg your pardon? Type a command, such as look or go north.");
        }
        String verb = words.getFirst();
        List<String> rest = words.subList(1, words.size());
        Direction direction = Direction.parse(verb);
        if (direction != null && rest.isEmpty()) {
            return new Command.Go(direction);
        }
        if (GO.contains(verb) || verb.equals("enter")) {
            return go(verb, strip(rest, "to", "towards", "into", "in"));
        }
        if (verb.equals("look") || verb.equals("l")) {
            if (rest.isEmpty() || rest.equals(List.of("around"))) {
                return new Command.Look();
            }
            return new Command.Examine(phrase(strip(rest, "at", "in", "inside", "into")));
        }
        if (EXAMINE.contains(verb)) {
            return object(rest, "examine", Command.Examine::new);
        }
        if (TAKE.contains(verb)) {
            return object(strip(trailing(rest, "up"), "up"), "take", Command.Take::new);
        }
        if (DROP.contains(verb)) {
            return object(strip(trailing(rest, "down"), "down"), "drop", Command.Drop::new);
        }
        return switch (verb) {
            case "inventory", "i", "inv", "invent" -> new Command.Inventory();
            case "open" -> object(rest, "open", Command.Open::new);
            case "close", "shut" -> object(rest, "close", Command.Close::new);
            case "unlock" -> split(rest, Set.of("with", "using"), Command.Unlock::new);
            case "use" ->
                rest.isEmpty()
                        ? new Command.Incomplete("What do you want to use?")
                        : split(rest, Set.of("on", "with", "in", "at"), Command.Use::new);
            case "read" -> object(rest, "read", Command.Read::new);
            case "help", "commands", "hint" -> new Command.Help();
            case "wait", "z" -> new Command.Wait();
            default -> new Command.Unknown(line.strip());
        };
    }

    private static Command go(String verb, List<String> rest) {
        if (rest.isEmpty()) {
            return new Command.Incomplete(
                    verb.equals("enter")
                            ? "Where do you want to go in?"
                            : "Which way do you want to go? Try north, south, east or west.");
        }
        Direction direction = rest.size() == 1 ? Direction.parse(rest.getFirst()) : null;
        return direction != null ? new Command.Go(direction) : new Command.GoTo(phrase(rest));
    }

    private static Command object(List<String> rest, String verb, Function<String, Command> make) {
        return rest.isEmpty() ? new Command.Incomplete("What do you want to " + verb + "?") : make.apply(phrase(rest));
    }

    /** Splits {@code words} at the first separator: ("key", "door") from "key on door". */
    private static Command split(List<String> words, Set<String> separators, BiFunction<String, String, Command> make) {
        int at = 0;
        while (at < words.size() && !separators.contains(words.get(at))) {
            at++;
        }
        if (at == words.size()) {
            return make.apply(phrase(words), "");
        }
        return make.apply(phrase(words.subList(0, at)), phrase(words.subList(at + 1, words.size())));
    }

    private static List<String> strip(List<String> words, String... leading) {
        return !words.isEmpty() && List.of(leading).contains(words.getFirst()) ? words.subList(1, words.size()) : words;
    }

    private static List<String> trailing(List<String> words, String last) {
        return !words.isEmpty() && words.getLast().equals(last) ? words.subList(0, words.size() - 1) : words;
    }

    private static String phrase(List<String> words) {
        return String.join(" ", words);
    }
}
