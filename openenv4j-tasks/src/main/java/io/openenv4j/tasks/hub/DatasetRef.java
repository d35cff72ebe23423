package io.openenv4j.tasks.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dataset comes from: a repository on a Hugging Face Hub, or a local directory.
 *
 * <p>Accepted forms: {@code hf://datasets/{org}/{name}[/{selector}][@{revision}]} (RFC 006; the selector is
 * an environment id of the dataset's {@code environment.yaml}, or else a config name), a plain repository
 * id {@code {org}/{name}[@{revision}]} (also with a selector: {@code org/name/selector@rev}), and a path to
 * an existing directory (absolute, or starting with {@code .} or {@code /}, or any existing directory).
 * The revision defaults to {@code main}; it may be a branch, a tag, a {@code refs/...} name or a commit sha.
 */
public sealed interface DatasetRef {

    /** A dataset repository on the Hub. {@code selector} may be null. */
    record Hub(String repo, String selector, String revision) implements DatasetRef {
        public Hub {
            if (!REPO.matcher(repo).matches()) {
                throw new HubException(
                        HubException.Kind.INVALID_REFERENCE,
                        "'" + repo + "' is not a dataset repository id (expected org/name)");
            }
            if (revision == null || revision.isBlank()) {
                revision = "main";
            }
        }

        @Override
        public String toString() {
            return "hf://datasets/" + repo + (selector == null ? "" : "/" + selector) + "@" + revision;
        }
    }

    /** A directory on this machine laid out like a dataset repository. */
    record Local(Path directory) implements DatasetRef {
        @Override
        public String toString() {
            return directory.toString();
        }
    }

    Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    /** Parses one of the accepted forms. */
    static DatasetRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new HubException(HubException.Kind.INVALID_REFERENCE, "empty dataset reference");
        }
        String s = text.strip();
        if (s.startsWith("hf://")) {
            if (!s.startsWith("hf://datasets/")) {
                throw new HubException(
                        HubException.Kind.INVALID_REFERENCE,
                        "'" + s
                                + "': only dataset repositories are supported (hf://datasets/org/name[/env-id][@revision])");
            }
            return hubRef(s.substring("hf://datasets/".length()), s);
        }
        Path path = Path.of(s);
        if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~") || Files.isDirectory(path)) {
            if (s.startsWith("~")) {
                path = Path.of(System.getProperty("user.home"), s.substring(1).replaceFirst("^/", ""));
            }
            return new Local(path);
        }
        return hubRef(s, s);
    }

    private static Hub hubRef(String body, String original) {
        Matcher m = Pattern.compile("([^/@]+/[^/@]+)(?:/([^@]+))?(?:@(.+))?").matcher(body);
        if (!m.matches()) {
            throw new HubException(
                    HubException.Kind.INVALID_REFERENCE,
                    "'" + original
                            + "' is not a dataset reference (expected hf://datasets/org/name[/env-id][@revision], org/name"
                            + "[@revision] or a directory)");
        }
        String selector = m.group(2);
        if (selector != null && (selector.isBlank() || selector.contains("/"))) {
            throw new HubException(
                    HubException.Kind.INVALID_REFERENCE,
                    "'" + original + "': the part after org/name must be one environment id or config name");
        }
        return new Hub(m.group(1), selector, m.group(3));
    }
}
