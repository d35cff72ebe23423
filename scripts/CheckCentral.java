import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release bundle (a Maven repository folder, as scripts/release.sh writes it) against Maven
 * Central's requirements, and OpenEnv4j's own rules for the bundle:
 *
 * <ul>
 *   <li>every artifact has its POM; a jar-packaged one has its jar, a -sources.jar with .java files and a
 *       -javadoc.jar with an index.html;</li>
 *   <li>every file has .md5 and .sha1 checksums that match it, and a .asc signature when --signed;</li>
 *   <li>every POM names itself (name, description) and, itself or through its staged parents, has url,
 *       licenses (name and url), developers (a name) and scm (url and connection);</li>
 *   <li>the BOM has the version of the parent and lists exactly the staged jar modules (so a tool module that
 *       got deployed, or a library missing from the BOM, fails).</li>
 * </ul>
 *
 * <p>Usage: {@code java scripts/CheckCentral.java <staging-repository> [--signed]}. Exit code 0 when the
 * bundle passes, 1 with one line per problem otherwise.
 */
public final class CheckCentral {
    private static final String GROUP = "io.openenv4j";
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Document> poms = new TreeMap<>();
    private final boolean signed;

    private CheckCentral(boolean signed) {
        this.signed = signed;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java scripts/CheckCentral.java <staging-repository> [--signed]");
            System.exit(2);
        }
        Path repo = Path.of(args[0]);
        boolean signed = args.length > 1 && args[1].equals("--signed");
        var check = new CheckCentral(signed);
        int artifacts = check.run(repo);
        if (check.problems.isEmpty()) {
            System.out.printf("check-central: %d artifacts in %s meet Central's requirements%s%n",
                    artifacts, repo, signed ? " (signed)" : " (unsigned: no key was given)");
        } else {
            check.problems.forEach(p -> System.out.println("check-central: " + p));
            System.out.printf("check-central: %d problem(s) in %s%n", check.problems.size(), repo);
            System.exit(1);
        }
    }

    private int run(Path repo) throws Exception {
        Path groupDir = repo.resolve(GROUP.replace('.', '/'));
        if (!Files.isDirectory(groupDir)) {
            problems.add("no " + GROUP + " artifacts under " + repo);
            return 0;
        }
        Map<String, Path> versionDirs = new TreeMap<>();
        try (Stream<Path> artifactDirs = Files.list(groupDir)) {
            for (Path artifactDir : artifactDirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> versions = Files.list(artifactDir)) {
                    for (Path v : versions.filter(Files::isDirectory).toList()) {
                        versionDirs.put(artifactDir.getFileName() + ":" + v.getFileName(), v);
                    }
                }
            }
        }
        Set<String> jarModules = new TreeSet<>();
        for (var entry : versionDirs.entrySet()) {
            String artifactId = entry.getKey().substring(0, entry.getKey().indexOf(':'));
            if (checkArtifact(artifactId, entry.getValue())) {
                jarModules.add(artifactId);
            }
        }
        for (var entry : poms.entrySet()) {
            checkPomElements(entry.getKey(), entry.getValue());
        }
        checkBom(jarModules);
        return versionDirs.size();
    }

    /** Checks one artifact's files; true when it is a jar module. */
    private boolean checkArtifact(String artifactId, Path versionDir) throws Exception {
        String version = versionDir.getFileName().toString();
        String base = baseName(artifactId, version, versionDir);
        if (base == null) {
            problems.add(artifactId + ":" + version + ": no POM");
            return false;
        }
        Path pom = versionDir.resolve(base + ".pom");
        Document doc = parse(pom);
        poms.put(artifactId, doc);
        String packaging = text(doc.getDocumentElement(), "packaging");
        List<Path> files = new ArrayList<>(List.of(pom));
        boolean jar = packaging == null || packaging.equals("jar");
        if (jar) {
            Path main = versionDir.resolve(base + ".jar");
            Path sources = versionDir.resolve(base + "-sources.jar");
            Path javadoc = versionDir.resolve(base + "-javadoc.jar");
            requireEntry(artifactId, main, ".class");
            requireEntry(artifactId, sources, ".java");
            requireEntry(artifactId, javadoc, "index.html");
            files.addAll(List.of(main, sources, javadoc));
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            checkChecksum(file, "md5", "MD5");
            checkChecksum(file, "sha1", "SHA-1");
            if (signed && !Files.isRegularFile(sibling(file, ".asc"))) {
                problems.add(file.getFileName() + ": no .asc signature");
            }
        }
        return jar;
    }

    /** The file name stem of the newest deployment in a version folder (timestamped for a SNAPSHOT). */
    private static String baseName(String artifactId, String version, Path versionDir) throws IOException {
        try (Stream<Path> files = Files.list(versionDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(artifactId + "-") && n.endsWith(".pom"))
                    .map(n -> n.substring(0, n.length() - ".pom".length()))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElse(null);
        }
    }

    private void requireEntry(String artifactId, Path jar, String suffix) {
        if (!Files.isRegularFile(jar)) {
            problems.add(artifactId + ": missing " + jar.getFileName());
            return;
        }
        try (var zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> e.getName().endsWith(suffix))) {
                problems.add(jar.getFileName() + ": has no " + suffix + " entry");
            }
        } catch (IOException e) {
            problems.add(jar.getFileName() + ": not a readable jar (" + e.getMessage() + ")");
        }
    }

    private void checkChecksum(Path file, String extension, String algorithm) throws Exception {
        Path sum = sibling(file, "." + extension);
        if (!Files.isRegularFile(sum)) {
            problems.add(file.getFileName() + ": no ." + extension + " checksum");
            return;
        }
        var digest = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        String expected = HexFormat.of().formatHex(digest.digest());
        String recorded = Files.readString(sum).trim().split("\\s+")[0];
        if (!recorded.equalsIgnoreCase(expected)) {
            problems.add(file.getFileName() + ": ." + extension + " does not match its content");
        }
    }

    private void checkPomElements(String artifactId, Document doc) {
        Element project = doc.getDocumentElement();
        for (String own : List.of("name", "description")) {
            if (blank(text(project, own))) {
                problems.add(artifactId + ": POM has no <" + own + ">");
            }
        }
        if (blank(inherited(project, "url", null))) {
            problems.add(artifactId + ": POM has no <url>");
        }
        if (blank(inherited(project, "licenses", "license/name"))
                || blank(inherited(project, "licenses", "license/url"))) {
            problems.add(artifactId + ": POM has no <licenses> with a name and url");
        }
        if (blank(inherited(project, "developers", "developer/name"))) {
            problems.add(artifactId + ": POM has no <developers> with a name");
        }
        if (blank(inherited(project, "scm", "url")) || blank(inherited(project, "scm", "connection"))) {
            problems.add(artifactId + ": POM has no <scm> with url and connection");
        }
    }

    /** The text at element/path of the POM, else of its staged parent chain. */
    private String inherited(Element project, String element, String path) {
        for (Element p = project; p != null; p = parentOf(p)) {
            Element e = child(p, element);
            if (e != null) {
                String value = path == null ? e.getTextContent() : textAt(e, path.split("/"));
                if (!blank(value)) {
                    return value;
                }
            }
        }
        return null;
    }

    private Element parentOf(Element project) {
        Element parent = child(project, "parent");
        if (parent == null) {
            return null;
        }
        if (!GROUP.equals(text(parent, "groupId"))) {
            problems.add(text(project, "artifactId") + ": parent outside " + GROUP + " is not checked");
            return null;
        }
        Document doc = poms.get(text(parent, "artifactId"));
        if (doc == null) {
            problems.add(text(project, "artifactId") + ": parent " + text(parent, "artifactId") + " is not staged");
            return null;
        }
        return doc.getDocumentElement();
    }

    private void checkBom(Set<String> jarModules) {
        Document bom = poms.get("openenv4j-bom");
        if (bom == null) {
            problems.add("openenv4j-bom is not staged");
            return;
        }
        Element project = bom.getDocumentElement();
        Document parent = poms.get("openenv4j-parent");
        if (parent != null && !text(parent.getDocumentElement(), "version").equals(text(project, "version"))) {
            problems.add("openenv4j-bom has version " + text(project, "version") + ", the parent "
                    + text(parent.getDocumentElement(), "version"));
        }
        Set<String> listed = new TreeSet<>();
        Element management = child(project, "dependencyManagement");
        Element dependencies = management == null ? null : child(management, "dependencies");
        if (dependencies != null) {
            for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element dependency && GROUP.equals(text(dependency, "groupId"))) {
                    listed.add(text(dependency, "artifactId"));
                }
            }
        }
        for (String module : jarModules) {
            if (!listed.contains(module)) {
                problems.add("openenv4j-bom does not list the published module " + module);
            }
        }
        for (String module : listed) {
            if (!jarModules.contains(module)) {
                problems.add("openenv4j-bom lists " + module + ", which is not staged");
            }
        }
    }

    private static Document parse(Path pom) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String textAt(Element e, String[] path) {
        Element current = e;
        for (String step : path) {
            current = child(current, step);
            if (current == null) {
                return null;
            }
        }
        return current.getTextContent().trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
