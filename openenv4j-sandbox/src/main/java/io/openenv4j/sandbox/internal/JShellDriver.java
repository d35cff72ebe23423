package io.openenv4j.sandbox.internal;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The Java driver of a sandboxed interpreter, run inside the sandbox by the JDK the server runs on (its
 * class file is copied into the sandbox's {@code /tmp}): one {@link JShell} with local execution, so
 * variables, methods, classes and imports persist between requests. It speaks the Python driver's protocol:
 * requests are {@code "nonce length\n"} then {@code length} bytes of UTF-8 source on stdin; after each one,
 * {@code "\n" + nonce + ":" + status + "\n"} ends the output on both streams (status 0, or 1 when a snippet
 * was rejected or threw). A bare expression's value is printed; a rejected snippet prints the compiler's
 * diagnostics, an exception its stack trace (frames of the snippets only), on stderr; the request stops at
 * the first failing snippet. SIGINT (sent on a timeout) stops the running snippet, not the driver.
 *
 * <p>Runs in the sandbox's JVM, not the server's: no lambdas' or nested classes' class files beyond this one.
 */
public final class JShellDriver {

    private JShellDriver() {}

    public static void main(String[] args) throws IOException {
        InputStream control = new FileInputStream(FileDescriptor.in);
        OutputStream markerOut = new FileOutputStream(FileDescriptor.out);
        OutputStream markerErr = new FileOutputStream(FileDescriptor.err);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        InputStream nothing = new ByteArrayInputStream(new byte[0]);
        System.setIn(nothing);
        System.setOut(out);
        System.setErr(err);
        JShell shell = JShell.builder()
                .executionEngine("local")
                .in(nothing)
                .out(out)
                .err(err)
                .build();
        onSignal("INT", shell::stop);
        while (true) {
            String header = readLine(control);
            if (header == null) {
                return;
            }
            String[] parts = header.split(" ");
            int length = Integer.parseInt(parts[1]);
            int status;
            try {
                status = length < 0
                        ? warmUp(shell)
                        : run(shell, new String(control.readNBytes(length), StandardCharsets.UTF_8), out, err);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                err.println("internal error of the Java session: " + e);
                status = 1;
            }
            out.flush();
            err.flush();
            byte[] marker = ("\n" + parts[0] + ":" + status + "\n").getBytes(StandardCharsets.US_ASCII);
            markerOut.write(marker);
            markerOut.flush();
            markerErr.write(marker);
            markerErr.flush();
        }
    }

    /**
     * Installs {@code action} as the handler of the named signal through {@code sun.misc.Signal} (jdk.unsupported,
     * the JDK's only signal API), reached reflectively so that the build's {@code -Werror} does not stop at javac's
     * unsuppressible "internal proprietary API" warning. The server's {@code Launcher} has the same method: this
     * class runs alone in the sandbox (only its own class file is copied there), so it can share no code.
     *
     * @throws IllegalArgumentException when the platform has no such signal or the JVM reserves it
     */
    private static void onSignal(String name, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(
                    handlerType.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SignalHandler(" + name + ")";
                    });
            signal.getMethod("handle", signal, handlerType)
                    .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException unsupported) {
                throw unsupported;
            }
            throw new IllegalStateException("cannot handle SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + name, e);
        }
    }

    /**
     * A request of length -1: analyses, compiles and runs a few declarations in the session and drops them
     * again, so that the compiler's classes are loaded and compiled before the first real snippet. Dropped
     * snippets leave no name behind (a later use of them is "cannot find symbol"), and no expression is
     * evaluated, so the session's first value is still {@code $1}.
     */
    private static int warmUp(JShell shell) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        for (String snippet : List.of(
                "int openenv4jWarm = 1 + 1;",
                "String openenv4jTwice(String s) { return s + s; }",
                "int openenv4jWarm2 = openenv4jTwice(\"a\").length() + openenv4jWarm;",
                "record OpenEnv4jWarm(int x) {}",
                "var openenv4jWarm3 = new OpenEnv4jWarm(openenv4jWarm2).x();")) {
            analysis.analyzeCompletion(snippet);
            for (SnippetEvent event : shell.eval(snippet)) {
                if (event.causeSnippet() == null) {
                    shell.drop(event.snippet());
                }
            }
        }
        return 0;
    }

    private static int run(JShell shell, String source, PrintStream out, PrintStream err) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String snippet = info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                            || info.completeness() == SourceCodeAnalysis.Completeness.EMPTY
                    ? remaining
                    : info.source();
            if (snippet == null || snippet.isBlank()) {
                snippet = remaining;
            }
            remaining = snippet == remaining ? "" : info.remaining();
            if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                err.println("Error: incomplete code (a missing ';', '}' or ')'?):");
                err.println(snippet.strip());
                return 1;
            }
            if (!evaluate(shell, snippet, out, err)) {
                return 1;
            }
        }
        return 0;
    }

    /** Evaluates one snippet; false when it was rejected or threw. */
    private static boolean evaluate(JShell shell, String snippet, PrintStream out, PrintStream err) {
        List<SnippetEvent> events = shell.eval(snippet);
        boolean ok = true;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet declared = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                ok = false;
                shell.diagnostics(declared).forEach(diag -> printDiagnostic(diag, declared.source(), err));
                if (shell.diagnostics(declared).findAny().isEmpty()) {
                    err.println("Error: rejected: " + declared.source().strip());
                }
                continue;
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                if (declared instanceof jdk.jshell.DeclarationSnippet declaration) {
                    err.println("Warning: "
                            + declaration
                                    .kind()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', ' ') + " uses what is not declared yet: "
                            + String.join(
                                    ", ",
                                    shell.unresolvedDependencies(declaration).toList()));
                }
            }
            if (event.exception() != null) {
                ok = false;
                printException(event.exception(), err);
            } else if (shownValue(declared)
                    && event.value() != null
                    && !event.value().isEmpty()) {
                out.println(event.value());
            }
        }
        return ok;
    }

    /** A bare expression (jshell keeps its value as a temporary variable such as {@code $1}) or a variable read. */
    private static boolean shownValue(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static void printDiagnostic(Diag diag, String source, PrintStream err) {
        err.println("Error: " + diag.getMessage(Locale.ROOT));
        int start = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        int lineEnd = source.indexOf('\n', start);
        err.println(source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd));
    }

    private static void printException(Exception exception, PrintStream err) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            err.println("Error: "
                    + unresolved
                            .getSnippet()
                            .source()
                            .strip()
                            .lines()
                            .findFirst()
                            .orElse("") + " cannot be used until what it needs is declared");
            return;
        }
        Throwable shown = exception;
        String name = exception instanceof EvalException eval
                ? eval.getExceptionClassName()
                : exception.getClass().getName();
        err.println("Exception " + name + (shown.getMessage() == null ? "" : ": " + shown.getMessage()));
        for (StackTraceElement frame : shown.getStackTrace()) {
            // jshell maps the snippets' frames to "#snippet:line"; the rest is the JDK's and the driver's
            if (frame.getFileName() != null && frame.getFileName().startsWith("#")) {
                String method = frame.getMethodName().isEmpty() ? "(top level)" : frame.getMethodName();
                err.println("\tat " + method + " (" + frame.getFileName() + ":" + frame.getLineNumber() + ")");
            } else if (!frame.getClassName().isEmpty()
                    && !frame.getClassName().startsWith("jdk.")
                    && !frame.getClassName().startsWith("java.")
                    && !frame.getClassName().startsWith("io.openenv4j.")) {
                err.println("\tat " + frame);
            }
        }
        Throwable cause = shown.getCause();
        while (cause != null) {
            String causeName = cause instanceof EvalException eval
                    ? eval.getExceptionClassName()
                    : cause.getClass().getName();
            err.println("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            cause = cause.getCause();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
    }
}
