package io.openenv4j.envs.apitools;

/**
 * The hidden judge of an API task: the service's final world must equal the world the task expects (the
 * intended change and nothing else), compared without ids. It reads the service's state directly; no tool
 * reaches it, and its verdict goes to the reward and the outcome only.
 */
final class Checker {

    /** Whether the task succeeded, and why (for the outcome record). */
    record Verdict(boolean success, String reason) {}

    private Checker() {}

    static Verdict judge(ApiTask task, World finalWorld) {
        World want = task.expected().contentOnly();
        World got = finalWorld.contentOnly();
        if (want.equals(got)) {
            return new Verdict(true, "the service's final state is the expected one");
        }
        var missing = new java.util.ArrayList<Object>();
        var unexpected = new java.util.ArrayList<Object>();
        diff(want.events(), got.events(), missing, unexpected);
        diff(want.todos(), got.todos(), missing, unexpected);
        return new Verdict(false, "missing " + missing + "; unexpected " + unexpected);
    }

    private static <T> void diff(
            java.util.List<T> want,
            java.util.List<T> got,
            java.util.List<Object> missing,
            java.util.List<Object> unexpected) {
        want.stream().filter(item -> !got.contains(item)).forEach(missing::add);
        got.stream().filter(item -> !want.contains(item)).forEach(unexpected::add);
    }
}
