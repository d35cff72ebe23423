package io.openenv4j.envs.code;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A programming problem: what to write (a Python function), hidden tests (arguments and expected result, as
 * JSON) and a reference solution for the oracle.
 *
 * @param name the task's name (reset option {@code task})
 * @param prompt the problem as the agent reads it
 * @param function the name of the function to define
 * @param tests the hidden tests; the reward of a submission is the fraction it passes
 * @param solution a reference solution that passes every test
 */
public record ProgrammingTask(String name, String prompt, String function, List<TestCase> tests, String solution) {

    /**
     * One hidden test.
     *
     * @param arguments the call's arguments, a JSON array
     * @param expected the expected return value, as JSON
     */
    public record TestCase(String arguments, String expected) {}

    public ProgrammingTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(function, "function");
        tests = List.copyOf(tests);
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one test");
        }
        Objects.requireNonNull(solution, "solution");
    }

    private static TestCase test(String arguments, String expected) {
        return new TestCase(arguments, expected);
    }

    private static final List<ProgrammingTask> BUILT_IN = List.of(
            new ProgrammingTask(
                    "fizzbuzz",
                    "Write a Python function fizzbuzz(n) that returns a list of strings for 1..n: 'Fizz' for multiples"
                            + " of 3, 'Buzz' for multiples of 5, 'FizzBuzz' for multiples of both, else the number as text.",
                    "fizzbuzz",
                    List.of(
                            test("[1]", "[\"1\"]"),
                            test("[0]", "[]"),
                            test("[5]", "[\"1\",\"2\",\"Fizz\",\"4\",\"Buzz\"]"),
                            test(
                                    "[15]",
                                    "[\"1\",\"2\",\"Fizz\",\"4\",\"Buzz\",\"Fizz\",\"7\",\"8\",\"Fizz\",\"Buzz\",\"11\",\"Fizz\",\"13\",\"14\",\"FizzBuzz\"]")),
                    """
                    def fizzbuzz(n):
                        out = []
                        for i in range(1, n + 1):
                            out.append("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i))
                        return out
                    """),
            new ProgrammingTask(
                    "reverse_words",
                    "Write a Python function reverse_words(s) that returns the words of s in reverse order, joined by"
                            + " single spaces (words are separated by any whitespace; leading and trailing whitespace is dropped).",
                    "reverse_words",
                    List.of(
                            test("[\"hello world\"]", "\"world hello\""),
                            test("[\"  a  b c \"]", "\"c b a\""),
                            test("[\"\"]", "\"\""),
                            test("[\"one\"]", "\"one\""),
                            test("[\"x\\ty\\nz\"]", "\"z y x\"")),
                    """
                    def reverse_words(s):
                        return " ".join(reversed(s.split()))
                    """),
            new ProgrammingTask(
                    "is_prime",
                    "Write a Python function is_prime(n) that returns True when the integer n is a prime number, else False.",
                    "is_prime",
                    List.of(
                            test("[2]", "true"),
                            test("[1]", "false"),
                            test("[0]", "false"),
                            test("[-7]", "false"),
                            test("[97]", "true"),
                            test("[91]", "false"),
                            test("[7919]", "true"),
                            test("[1000000007]", "true")),
                    """
                    def is_prime(n):
                        if n < 2:
                            return False
                        i = 2
                        while i * i <= n:
                            if n % i == 0:
                                return False
                            i += 1
                        return True
                    """),
            new ProgrammingTask(
                    "fibonacci",
                    "Write a Python function fibonacci(n) that returns the n-th Fibonacci number, with fibonacci(0) == 0"
                            + " and fibonacci(1) == 1. It must be fast for n up to 90.",
                    "fibonacci",
                    List.of(
                            test("[0]", "0"),
                            test("[1]", "1"),
                            test("[2]", "1"),
                            test("[10]", "55"),
                            test("[90]", "2880067194370816120")),
                    """
                    def fibonacci(n):
                        a, b = 0, 1
                        for _ in range(n):
                            a, b = b, a + b
                        return a
                    """),
            new ProgrammingTask(
                    "is_palindrome",
                    "Write a Python function is_palindrome(s) that returns True when s reads the same backwards,"
                            + " considering only letters and digits and ignoring case, else False.",
                    "is_palindrome",
                    List.of(
                            test("[\"A man, a plan, a canal: Panama\"]", "true"),
                            test("[\"race a car\"]", "false"),
                            test("[\"\"]", "true"),
                            test("[\"No 'x' in Nixon\"]", "true"),
                            test("[\"ab\"]", "false")),
                    """
                    def is_palindrome(s):
                        kept = [c.lower() for c in s if c.isalnum()]
                        return kept == kept[::-1]
                    """));

    /** The built-in tasks, in a stable order. */
    public static List<ProgrammingTask> builtIn() {
        return BUILT_IN;
    }

    public static Optional<ProgrammingTask> find(String name) {
        return BUILT_IN.stream().filter(task -> task.name().equals(name)).findFirst();
    }
}
