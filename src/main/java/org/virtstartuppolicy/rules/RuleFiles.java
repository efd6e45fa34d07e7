package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;

/** Finds the DRL files in force: the baseline shipped in the jar, then any files or folders a site adds. */
public final class RuleFiles {
    private static final String BASELINE = "rules/libvirt";

    private RuleFiles() {
    }

    /**
     * The packaged baseline's files, in order, one a line: the SHA-256 of the text, a space, the
     * name. Written by the build ({@link Precompile}).
     */
    static final String BASELINE_INDEX = BASELINE + ".index";

    /** The SHA-256 of texts known without hashing them: the packaged baseline's, from its index. */
    private static final Map<String, String> KNOWN_DIGESTS = Collections.synchronizedMap(new IdentityHashMap<>());

    /** The packaged baseline as last read through its index, or null. */
    private static volatile List<RuleFile> indexed;

    /** The baseline rules (libvirt's behaviour) as packaged with the tool. */
    public static List<RuleFile> baseline() {
        List<RuleFile> indexed = indexedBaseline();
        if (indexed != null) {
            return indexed;
        }
        URL url = RuleFiles.class.getClassLoader().getResource(BASELINE);
        if (url == null) {
            throw new IllegalStateException("the baseline rules are not packaged with the tool");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return read(Path.of(uri), BASELINE + "/");
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return read(jar.getPath(BASELINE), BASELINE + "/");
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the packaged baseline rules", e);
        }
    }

    /**
     * The packaged baseline read through its index, without opening the jar as a file system
     * (which costs a run more than reading the rules); null when there is no index.
     */
    private static List<RuleFile> indexedBaseline() {
        // read once: every read would add its texts to KNOWN_DIGESTS, which holds them for good
        List<RuleFile> read = indexed;
        if (read != null) {
            return read;
        }
        ClassLoader loader = RuleFiles.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(BASELINE_INDEX)) {
            if (index == null) {
                return null;
            }
            List<RuleFile> rules = new ArrayList<>();
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String name = line.substring(line.indexOf(' ') + 1);
                try (InputStream file = loader.getResourceAsStream(BASELINE + "/" + name)) {
                    if (file == null) {
                        throw new IllegalStateException("the packaged baseline rules have no " + name);
                    }
                    String text = new String(file.readAllBytes(), StandardCharsets.UTF_8);
                    KNOWN_DIGESTS.put(text, line.substring(0, line.indexOf(' ')));
                    rules.add(new RuleFile(BASELINE + "/" + name, text));
                }
            }
            indexed = List.copyOf(rules);
            return indexed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packaged baseline rules", e);
        }
    }

    /** The index of the baseline's files in a folder, in the order {@link #baseline} reads them. */
    static String index(Path folder) throws IOException {
        StringBuilder index = new StringBuilder();
        for (RuleFile file : read(folder, "")) {
            index.append(sha256(file.text())).append(' ').append(file.origin()).append('\n');
        }
        return index.toString();
    }

    /**
     * Whether these are the packaged baseline's files, in its order, as this run read them from
     * the jar (the very texts, not equal ones: those were not read from the jar).
     */
    static boolean arePackagedBaseline(List<RuleFile> files) {
        List<RuleFile> packaged = indexed;
        if (packaged == null || packaged.size() != files.size()) {
            return false;
        }
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).text() != packaged.get(i).text()
                    || !files.get(i).origin().equals(packaged.get(i).origin())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether these files have the packaged baseline's names and texts, in its order: the
     * packaged files themselves, or copies of them in a folder (which keep their own paths).
     */
    static boolean haveBaselineTexts(List<RuleFile> files) {
        if (arePackagedBaseline(files)) {
            return true;
        }
        List<RuleFile> read = indexed;
        List<RuleFile> packaged = read != null ? read : baseline();
        if (packaged.size() != files.size()) {
            return false;
        }
        for (int i = 0; i < files.size(); i++) {
            if (!name(files.get(i)).equals(name(packaged.get(i))) || !digest(files.get(i)).equals(digest(packaged.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** A file's name, without its folder. */
    static String name(RuleFile file) {
        return file.origin().substring(file.origin().lastIndexOf('/') + 1);
    }

    /** The SHA-256 of a file's text, in hex. */
    static String digest(RuleFile file) {
        String known = KNOWN_DIGESTS.get(file.text());
        return known != null ? known : sha256(file.text());
    }

    private static String sha256(String text) {
        return RuleCache.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The rules in force: the baseline (from {@code baseline}, a folder, or as packaged when
     * null), then each site file or folder in order.
     */
    public static List<RuleFile> inForce(Path baseline, List<Path> site) {
        List<RuleFile> files = new ArrayList<>(baseline == null ? baseline() : load(baseline));
        site.forEach(path -> files.addAll(load(path)));
        return files;
    }

    /** A DRL file, or every {@code *.drl} in a folder (sorted by name, so the order is stable). */
    public static List<RuleFile> load(Path path) {
        if (!Files.exists(path)) {
            throw new ToolError(path + ": no such rule file or folder");
        }
        try {
            return read(path, null);
        } catch (IOException e) {
            throw new ToolError(path + ": cannot read rules: " + e.getMessage());
        }
    }

    /** @param originPrefix what messages call the folder, or null to use the real path */
    private static List<RuleFile> read(Path path, String originPrefix) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                entries.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        List<RuleFile> rules = new ArrayList<>();
        for (Path file : files) {
            String origin = originPrefix == null ? file.toString() : originPrefix + file.getFileName();
            rules.add(new RuleFile(origin, Files.readString(file, StandardCharsets.UTF_8)));
        }
        return rules;
    }
}
