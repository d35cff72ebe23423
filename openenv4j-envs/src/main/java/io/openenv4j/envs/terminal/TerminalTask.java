package io.openenv4j.envs.terminal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A job to do in the terminal: files the work folder starts with, a goal for the agent, a check that says
 * whether the goal is met (a shell command run in the sandbox after every step, exit status 0 meaning
 * done; never shown to the agent) and a solution the oracle types.
 *
 * @param name the task's name (reset option {@code task})
 * @param goal what the agent is asked to do
 * @param files the work folder's starting files, by relative path
 * @param check the hidden success check
 * @param solution a command that meets the goal
 */
public record TerminalTask(String name, String goal, Map<String, String> files, String check, String solution) {

    public TerminalTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(goal, "goal");
        files = Map.copyOf(files);
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(solution, "solution");
    }

    private static final List<TerminalTask> BUILT_IN = List.of(
            new TerminalTask(
                    "count_lines",
                    "Write the number of lines of data.txt (just the number) into a new file answer.txt.",
                    Map.of(
                            "data.txt",
                            IntStream.rangeClosed(1, 137)
                                    .mapToObj(i -> "record " + (i * 7919 % 1000))
                                    .collect(Collectors.joining("\n", "", "\n"))),
                    "test \"$(tr -d '[:space:]' < answer.txt)\" = 137",
                    "wc -l < data.txt > answer.txt"),
            new TerminalTask(
                    "find_needle",
                    "One file under docs/ contains the word 'needle'. Write its path relative to the work folder"
                            + " (like docs/x/y.txt) into answer.txt.",
                    haystack(),
                    "test \"$(sed 's#^\\./##' answer.txt | tr -d '[:space:]')\" = docs/c/notes-4.txt",
                    "grep -rl needle docs > answer.txt"),
            new TerminalTask(
                    "hello_dir",
                    "Create a folder out/ holding a file hello.txt whose only line is: hello world",
                    Map.of("README.txt", "Your files go in this folder.\n"),
                    "test \"$(cat out/hello.txt)\" = 'hello world'",
                    "mkdir -p out && echo hello world > out/hello.txt"),
            new TerminalTask(
                    "unique_names",
                    "names.txt lists names, some more than once. Write each name once, sorted alphabetically, one"
                            + " per line, into unique.txt.",
                    Map.of("names.txt", "carol\nalice\nbob\nalice\ndave\ncarol\nbob\neve\n"),
                    "printf 'alice\\nbob\\ncarol\\ndave\\neve\\n' | cmp -s - unique.txt",
                    "sort -u names.txt > unique.txt"));

    /** The built-in tasks on the task API: name and goal, never the check or the solution. */
    static io.openenv4j.core.TaskCatalogue catalogue() {
        return io.openenv4j.envs.BuiltInTasks.of(
                BUILT_IN.size(),
                index -> io.openenv4j.envs.BuiltInTasks.task(
                        BUILT_IN.get((int) index).name(),
                        index,
                        BUILT_IN.get((int) index).goal()));
    }

    public static List<TerminalTask> builtIn() {
        return BUILT_IN;
    }

    public static Optional<TerminalTask> find(String name) {
        return BUILT_IN.stream().filter(task -> task.name().equals(name)).findFirst();
    }

    private static Map<String, String> haystack() {
        var files = new java.util.TreeMap<String, String>();
        for (String dir : List.of("a", "b", "c")) {
            for (int i = 1; i <= 5; i++) {
                files.put("docs/" + dir + "/notes-" + i + ".txt", "notes " + dir + i + ": hay, straw and more hay\n");
            }
        }
        files.put("docs/c/notes-4.txt", "notes c4: hay, a needle, straw\n");
        return files;
    }
}
