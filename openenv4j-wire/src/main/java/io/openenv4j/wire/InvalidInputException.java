package io.openenv4j.wire;

import java.util.List;

/** Input that failed validation; carries the issues in the reference's pydantic shape. */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ValidationIssue> issues;

    public InvalidInputException(List<ValidationIssue> issues) {
        super(issues.isEmpty() ? "invalid input" : describe(issues));
        this.issues = List.copyOf(issues);
    }

    public List<ValidationIssue> issues() {
        return issues;
    }

    private static String describe(List<ValidationIssue> issues) {
        var first = issues.get(0);
        return first.loc() + ": " + first.msg() + (issues.size() > 1 ? " (and " + (issues.size() - 1) + " more)" : "");
    }
}
