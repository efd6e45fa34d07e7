package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where did a missing file go? Looks where an operator would have moved it: its own folder
 * (a name that starts with the missing one's: {@code snap1.qcow.back}) and the folders of
 * libvirt's pools (the same name, or one that starts with it), for a regular file of the format
 * the referring image expects and no smaller than the disk. Reads at most {@link #MAX_READS}
 * headers, and never a FIFO or a device.
 */
final class MissingFileSearch {
    static final int MAX_READS = 200;

    private MissingFileSearch() {
    }

    /** The problem with its candidates, when it is a file gone missing; else as it is. */
    static ChainProblem of(ChainProblem problem, BackingChain chain, StoragePools pools, ImageHost host) {
        if (problem == null || problem.kind() != ProblemKind.MISSING || problem.errno() != AccessError.ENOENT
                || !problem.path().startsWith("/")) {
            return problem;
        }
        String missing = problem.path();
        int slash = missing.lastIndexOf('/');
        String folder = slash == 0 ? "/" : missing.substring(0, slash);
        String name = missing.substring(slash + 1);
        ChainElement referrer = referrer(chain, problem.referencedBy());
        Map<String, String> folders = new LinkedHashMap<>();
        folders.put(folder, "in the same folder");
        pools.byName().values().stream().filter(pool -> pool.volumePath("x") != null)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(pool -> folders.putIfAbsent(strip(pool.path()), "in pool '" + pool.name() + "' (" + pool.path() + ")"));
        List<Candidate> found = new ArrayList<>();
        int reads = 0;
        for (Map.Entry<String, String> entry : folders.entrySet()) {
            boolean same = entry.getKey().equals(folder);
            List<String> names;
            try {
                names = host.list(entry.getKey());
            } catch (IOException e) {
                continue; // a folder that cannot be listed holds no candidate we could name
            }
            for (String other : names) {
                if (reads >= MAX_READS) {
                    return problem.withCandidates(found);
                }
                boolean fits = same ? other.startsWith(name) && !other.equals(name) : other.startsWith(name);
                if (!fits) {
                    continue;
                }
                String path = (entry.getKey().equals("/") ? "" : entry.getKey()) + "/" + other;
                Reach reach = host.reach(path);
                if (reach.error() != null || reach.kind() != FileKind.REGULAR) {
                    continue;
                }
                reads++;
                Candidate candidate = judged(path, entry.getValue(), problem, referrer, host);
                if (candidate != null) {
                    found.add(candidate);
                }
            }
        }
        return problem.withCandidates(found);
    }

    /** The file as a candidate, when its format is the one expected and it is no smaller than the disk; else null. */
    private static Candidate judged(String path, String where, ChainProblem problem, ChainElement referrer, ImageHost host) {
        ByteBuffer header;
        try {
            header = host.header(path);
        } catch (IOException e) {
            return null;
        }
        ImageFormat format = ImageFormat.probe(header);
        if (problem.format() != null && !problem.format().equals(format.name())) {
            return null;
        }
        Long size = null;
        if (format.supportsBacking()) {
            try {
                size = format.parser().parse(header).virtualSize();
            } catch (CorruptHeaderException e) {
                return null;
            }
        }
        Long needed = referrer == null ? null : referrer.virtualSize();
        if (size != null && needed != null && size < needed) {
            return null;
        }
        String rebase = referrer == null ? null : "qemu-img rebase -u -F " + format.name() + " -b " + quoted(path) + " "
                + quoted(referrer.path());
        return new Candidate(path, format.name(), size, where, rebase != null ? rebase
                : "mv " + quoted(path) + " " + quoted(problem.path()));
    }

    private static ChainElement referrer(BackingChain chain, String path) {
        if (chain == null || path == null) {
            return null;
        }
        return chain.elements().stream().filter(e -> e.path().equals(path)).findFirst().orElse(null);
    }

    private static String strip(String folder) {
        return folder.length() > 1 && folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    /** For a shell: in single quotes, a quote in it written '\''. */
    private static String quoted(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
