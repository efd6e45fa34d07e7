package org.virtstartuppolicy.rules;

import com.sun.security.auth.module.UnixSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Compiled rule bases, so that a run never compiles rules that were compiled before: the
 * baseline as the build made it (its executable model, inside the jar), else a folder of rule
 * bases compiled by earlier runs. Each is stored under a key made of the tool's build, the Java
 * version and the name and text of every rule file in force, in order: an edited, added, removed
 * or reordered file is a different key, so it is compiled on its next run and a stale rule base
 * is never used. A file whose content does not match its key and check is ignored and replaced.
 *
 * <p>The folder is made {@code 0700}; one that is not the running account's own, or that others
 * may write to, is never read (a rule base is code). Entries are written to a temporary file and
 * renamed into place, so a reader sees a whole entry or none. A folder that cannot be used is no
 * error: the rules are compiled in memory, as without a cache, and the reason is told once.
 */
public final class RuleCache {

    /** The entries kept in the folder; the least recently used beyond this are removed. */
    static final int KEEP = 32;

    static final String SUFFIX = ".rules";
    private static final byte[] MAGIC = "virt-startup-policy compiled rules\n".getBytes(StandardCharsets.US_ASCII);
    /** MAGIC, the key and the payload's check, each 64 hex digits on a line of its own. */
    private static final int HEADER = MAGIC.length + 2 * 65;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final Consumer<String> warning;
    private boolean warned;
    private int compilations;

    /**
     * @param dir     the folder compiled rules are kept in, or null to keep none
     * @param warning told, at most once, why the folder cannot be used (then rules are compiled in memory)
     */
    public RuleCache(Path dir, Consumer<String> warning) {
        this.dir = dir;
        this.warning = warning;
    }

    /**
     * The rules compiled from these files: as packaged, as cached, or compiled now (and cached).
     * Rules that do not compile are reported as {@link PolicyRules#compile} reports them.
     */
    public PolicyRules rulesFor(List<RuleFile> files) {
        if (RuleFiles.haveBaselineTexts(files)) {
            // the build made these into its executable model, for any Java the tool runs on
            PolicyRules rules = BaselineModel.load(files);
            if (rules != null) {
                return rules;
            }
        }
        String key = key(files);
        if (key == null) {
            compilations++;
            return PolicyRules.compile(files);
        }
        Path folder = usableFolder();
        PolicyRules rules = folder == null ? null : read(folder.resolve(key + SUFFIX), key, files);
        if (rules != null) {
            return rules;
        }
        rules = PolicyRules.compile(files);
        compilations++;
        if (folder != null) {
            write(folder, key, rules);
        }
        return rules;
    }

    /** How many rule bases this cache has compiled rather than loaded (tests tell the two apart by it). */
    int compilations() {
        return compilations;
    }

    /**
     * What the compiled form of these files is stored under, or null when this copy of the tool
     * does not know its build (then nothing compiled is ever reused).
     */
    static String key(List<RuleFile> files) {
        return key(ToolBuild.id(), files);
    }

    static String key(String build, List<RuleFile> files) {
        if (build == null) {
            return null;
        }
        // The consequences are compiled to bytecode for the running Java: another Java, another key.
        StringBuilder key = new StringBuilder("virt-startup-policy ").append(build).append("\0java ")
                .append(Runtime.version().feature()).append('\0');
        for (RuleFile file : files) {
            key.append(RuleFiles.name(file)).append('\0').append(RuleFiles.digest(file)).append('\0');
        }
        return sha256(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An entry: the header, then the saved rule base. */
    private static byte[] entry(String key, byte[] payload) {
        byte[] header = (new String(MAGIC, StandardCharsets.US_ASCII) + key + "\n" + check(payload) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] entry = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, entry, header.length, payload.length);
        return entry;
    }

    /**
     * A check of an entry's content: its length and CRC-32C, against truncation and damage. (The
     * folder is the account's own; the key says what the entry is for.) A SHA-256 of the saved
     * rules would cost a run tens of milliseconds before the JIT compiles it.
     */
    private static String check(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return String.format("%016x%016x%032x", (long) payload.length, crc.getValue(), 0);
    }

    /** The saved rule base of a whole entry with this key, or null. */
    private static byte[] payload(byte[] entry, String key) {
        if (entry.length < HEADER || !Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        String header = new String(entry, MAGIC.length, HEADER - MAGIC.length, StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOfRange(entry, HEADER, entry.length);
        return header.equals(key + "\n" + check(payload) + "\n") ? payload : null;
    }

    /** The cached rule base, or null when there is none, or none whole and of this key. */
    private static PolicyRules read(Path file, String key, List<RuleFile> files) {
        try {
            byte[] payload = payload(Files.readAllBytes(file), key);
            if (payload == null) {
                return null;
            }
            PolicyRules rules = CompiledRules.load(new ByteArrayInputStream(payload), files);
            touch(file);
            return rules;
        } catch (IOException | RuntimeException e) {
            // absent, unreadable or not loadable: compiled again, and replaced
            return null;
        }
    }

    /** Marks an entry as used now, so that pruning removes the ones unused longest. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a read-only cache still serves
        }
    }

    private void write(Path folder, String key, PolicyRules rules) {
        Path temporary = null;
        try {
            byte[] entry = entry(key, CompiledRules.save(rules));
            temporary = Files.createTempFile(folder, ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(entry);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, folder.resolve(key + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            prune(folder);
        } catch (IOException | RuntimeException e) {
            warn("cannot write to it: " + reason(e));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // left behind; the name says what it is
                }
            }
        }
    }

    /** Keeps the {@link #KEEP} entries used last. */
    private static void prune(Path folder) throws IOException {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(folder)) {
            entries = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
        }
        if (entries.size() <= KEEP) {
            return;
        }
        List<Path> byAge = entries.stream().sorted(Comparator.comparing(RuleCache::modified).reversed()).toList();
        for (Path old : byAge.subList(KEEP, byAge.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** The folder, made {@code 0700} if it does not exist; null (and told why) when it cannot be used. */
    /**
     * The folder, made {@code 0700} when missing, if this account may trust what is in it; else
     * null, the reason told once.
     */
    public Path usableFolder() {
        if (dir == null) {
            return null;
        }
        try {
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException raced) {
                    // another run made it meanwhile: judged below like any folder
                }
                attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            if (!attributes.isDirectory()) {
                warn(attributes.isSymbolicLink() ? "a symbolic link, not a folder" : "not a folder");
                return null;
            }
            long owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            if (owner != new UnixSystem().getUid()) {
                warn("owned by uid " + owner + ", not by this account");
                return null;
            }
            Set<PosixFilePermission> mode = attributes.permissions();
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                warn("others may write to it (mode " + PosixFilePermissions.toString(mode) + ")");
                return null;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            warn(reason(e));
            return null;
        }
    }

    private void warn(String why) {
        if (!warned) {
            warned = true;
            warning.accept("rule cache " + dir + " not used (" + why + "): the rules are compiled in memory");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
