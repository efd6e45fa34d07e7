package org.virtstartuppolicy.image;

import org.virtstartuppolicy.TestDomains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.QemuImg;

/**
 * Random real chains made by qemu-img (formats, folders, absolute and relative names, deleted
 * elements and data files): wherever {@code qemu-img info --backing-chain} reads a chain, the
 * inspector finds the same files in the same formats; wherever qemu-img fails, it finds a problem.
 * One documented difference: {@code qemu-img info} opens images without I/O and so never opens a
 * qcow2 external data file, which a guest start needs; there {@code qemu-img check}, which opens
 * the chain for I/O, is the judge.
 * Run with {@code -Ddifferential.seed=N -Ddifferential.chains=N} to explore further.
 */
class QemuImgDifferentialTest {
    private static final long SEED = Long.getLong("differential.seed", 20130715L);
    private static final int CHAINS = Integer.getInteger("differential.chains", 80);
    private static final List<String> BASE_FORMATS = List.of("raw", "qcow2", "qed", "vmdk", "vdi", "vpc");
    private static final List<String> OVERLAY_FORMATS = List.of("qcow2", "qcow2", "qed", "vmdk");
    private static final List<String> FOLDERS = List.of("", "a/", "a/b/", "c/");

    @TempDir
    Path dir;

    private final DiskInspector inspector = TestDomains.inspector(QemuUser.current(), Map.of());

    private record Element(Path path, String format) {
    }

    @Test
    void inspectorAgreesWithQemuImgOnRandomChains() throws Exception {
        QemuImg.assumeInstalled();
        Random random = new Random(SEED);
        List<String> disagreements = new ArrayList<>();
        int whole = 0;
        int qedOverProbed = 0;
        for (int i = 0; i < CHAINS; i++) {
            List<Element> chain = makeChain(random, dir.resolve("chain" + i));
            if (hasQedOverProbedChain(chain)) {
                qedOverProbed++;
            }
            String damage = damage(random, chain);
            Path top = chain.get(chain.size() - 1).path();
            JsonNode qemu = qemuImgChain(top);
            BackingChain ours = inspector.inspect(top.toString(), null);
            String case_ = "chain " + i + " (seed " + SEED + ", " + describe(chain) + damage + ")";
            if (qemu == null) {
                if (ours.isWhole()) {
                    disagreements.add(case_ + ": qemu-img fails, the inspector finds no problem");
                }
                continue;
            }
            whole++;
            if (!ours.isWhole() && isDataFile(ours.problem()) && qemuCannotOpenForIo(top, ours.problem())) {
                continue;
            }
            if (!ours.isWhole()) {
                disagreements.add(case_ + ": qemu-img reads it, the inspector finds " + ours.problem());
                continue;
            }
            List<String> theirs = new ArrayList<>();
            qemu.forEach(image -> theirs.add(normal(image.get("filename").asText()) + " " + image.get("format").asText()));
            List<String> mine = ours.elements().stream().map(e -> normal(e.path()) + " " + e.format()).toList();
            if (!theirs.equals(mine)) {
                disagreements.add(case_ + ": qemu-img " + theirs + ", inspector " + mine);
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(whole > CHAINS / 4, "too few whole chains to compare: " + whole);
        assertTrue(qedOverProbed > 0, "no qed overlay over a probed chain was made: try another seed");
    }

    /** A chain of 1 to 4 images, base first, each in a random folder, named absolutely or relatively. */
    private List<Element> makeChain(Random random, Path root) throws Exception {
        List<Element> chain = new ArrayList<>();
        int length = 1 + random.nextInt(4);
        for (int level = 0; level < length; level++) {
            String format = level == 0 ? pick(random, BASE_FORMATS) : overlayFormat(random, chain);
            Path path = root.resolve(pick(random, FOLDERS) + "img" + level + "." + format);
            Files.createDirectories(path.getParent());
            List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format));
            if (format.equals("qcow2") && random.nextInt(4) == 0) {
                args.addAll(List.of("-o", random.nextBoolean() ? "compat=0.10"
                        : "data_file=" + path.resolveSibling("img" + level + ".data")));
            }
            if (level > 0) {
                Element below = chain.get(level - 1);
                String name = random.nextBoolean() ? below.path().toString()
                        : path.getParent().relativize(below.path()).toString();
                args.addAll(List.of("-b", name, "-F", below.format()));
            }
            args.add(path.toString());
            if (level == 0) {
                args.add("1M");
            }
            QemuImg.run(args.toArray(String[]::new));
            chain.add(new Element(path, format));
        }
        return chain;
    }

    /**
     * vmdk only stacks on vmdk. qed records only a raw backing format, so whatever else it goes
     * over is probed, and the probed image's own chain is followed, as libvirt and qemu-img do.
     */
    private static String overlayFormat(Random random, List<Element> chain) {
        String below = chain.get(chain.size() - 1).format();
        while (true) {
            String format = pick(random, OVERLAY_FORMATS);
            if (!format.equals("vmdk") || below.equals("vmdk")) {
                return format;
            }
        }
    }

    /** A qed image over a non-raw image that has a backing file of its own: its format is probed, its chain followed. */
    private static boolean hasQedOverProbedChain(List<Element> chain) {
        for (int i = 2; i < chain.size(); i++) {
            if (chain.get(i).format().equals("qed") && !chain.get(i - 1).format().equals("raw")) {
                return true;
            }
        }
        return false;
    }

    /** Deletes a backing image or a data file, or nothing; says what it did. */
    private static String damage(Random random, List<Element> chain) throws IOException {
        if (random.nextInt(10) >= 3) {
            return "";
        }
        List<Path> candidates = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            Path path = chain.get(i).path();
            Path data = path.resolveSibling(path.getFileName().toString().replaceFirst("\\.[a-z0-9]+$", ".data"));
            if (i < chain.size() - 1) {
                candidates.add(path);
            }
            if (Files.exists(data)) {
                candidates.add(data);
            }
        }
        if (candidates.isEmpty()) {
            return "";
        }
        Path victim = pick(random, candidates);
        Files.delete(victim);
        return ", deleted " + victim.getFileName();
    }

    /** The chain qemu-img reads, or null when it fails. */
    private static JsonNode qemuImgChain(Path top) throws InterruptedException {
        try {
            return new ObjectMapper().readTree(QemuImg.run("info", "--backing-chain", "--output=json", top.toString()));
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isDataFile(ChainProblem problem) {
        return problem.kind() == ProblemKind.MISSING && problem.path().endsWith(".data");
    }

    private static boolean qemuCannotOpenForIo(Path top, ChainProblem problem) throws InterruptedException {
        try {
            QemuImg.run("check", "-q", top.toString());
            return false;
        } catch (IOException e) {
            return e.getMessage().contains("Could not open '" + normal(problem.path()) + "'");
        }
    }

    private static String normal(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    private static String describe(List<Element> chain) {
        return chain.stream().map(e -> e.path().getParent().getFileName() + "/" + e.path().getFileName())
                .reduce((a, b) -> b + " → " + a).orElse("");
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
