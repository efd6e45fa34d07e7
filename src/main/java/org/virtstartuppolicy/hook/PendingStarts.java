package org.virtstartuppolicy.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.report.StartOutcome;

/**
 * Starts the hook let go on, waiting for what libvirt then did: {@code prepare begin} leaves a
 * note per guest (by UUID, {@code UUID.pending} in the state folder) with the logged decisions
 * and each disk's expected action; {@code started begin} (the live definition) or a
 * {@code release end} before any start takes it, and an outcome line completes the decision in
 * the decision log. The shell hook script spools those later calls into {@code spool/} when no
 * service answers, so that no JVM starts on that path; the next run folds them in.
 */
public final class PendingStarts {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{32,36}");
    /** The spool files the hook script writes: {@code NANOS-PID-OPERATION-SUBOPERATION.xml}. */
    private static final Pattern SPOOLED = Pattern.compile("\\d+-\\d+-(started-begin|release-end)\\.xml");

    private final Path folder;

    /** @param folder the state folder (the config's {@code stateDir}) */
    public PendingStarts(Path folder) {
        this.folder = folder;
    }

    /** Whether {@code operation suboperation} is a call that completes a pending start. */
    public static boolean completes(String operation, String suboperation) {
        return "started".equals(operation) && "begin".equals(suboperation)
                || "release".equals(operation) && "end".equals(suboperation);
    }

    /**
     * Notes that the hook let {@code decisions} go on for this guest (several when it could not
     * tell a cold boot from a revert), each logged as {@code ids}.
     */
    public void leave(Domain domain, List<Decision> decisions, List<String> ids) {
        if (domain.uuid() == null || !UUID.matcher(domain.uuid()).matches()) {
            return;
        }
        StringBuilder note = new StringBuilder();
        for (int i = 0; i < decisions.size(); i++) {
            note.append("decision ").append(ids.get(i)).append('\n');
            for (DiskDecision disk : decisions.get(i).disks()) {
                note.append("disk ").append(disk.disk().target()).append(' ').append(disk.disk().isEmpty() ? "empty" : "medium")
                        .append(' ').append(disk.action().label()).append('\n');
            }
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temporary = Files.createTempFile(folder, ".pending", ".tmp");
            Files.writeString(temporary, note);
            Files.move(temporary, folder.resolve(domain.uuid() + ".pending"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ToolError(folder + ": cannot note the start for its outcome: " + e.getMessage());
        }
    }

    /**
     * Completes the guest's pending start, if there is one, from a later hook call: appends the
     * outcome to the log (when there is one) and removes the note.
     *
     * @param live the definition the call carried (the live one at {@code started begin})
     */
    public Optional<StartOutcome> complete(String operation, Domain live, DecisionLog log) {
        if (live.uuid() == null || !UUID.matcher(live.uuid()).matches()) {
            return Optional.empty();
        }
        Path note = folder.resolve(live.uuid() + ".pending");
        List<String> lines;
        try {
            lines = Files.readAllLines(note, StandardCharsets.UTF_8);
            Files.delete(note);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ToolError(note + ": cannot read the pending start: " + e.getMessage());
        }
        StartOutcome outcome = "started".equals(operation) ? started(live, candidates(lines))
                : new StartOutcome(candidates(lines).get(0).id(), Instant.now(), live.name(), live.uuid(), false, List.of(),
                false);
        if (log != null) {
            log.appendOutcome(outcome);
        }
        return Optional.of(outcome);
    }

    /**
     * Folds in the calls the hook script spooled while no service answered, oldest first; each is
     * removed once folded (a file that is not a definition is removed too, being of no use).
     */
    public void foldSpool(DecisionLog log, int maxBytes) {
        Path spool = folder.resolve("spool");
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spool)) {
            entries.forEach(file -> {
                if (SPOOLED.matcher(file.getFileName().toString()).matches()) {
                    files.add(file);
                }
            });
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new ToolError(spool + ": cannot read the spooled hook calls: " + e.getMessage());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String operation = name.contains("-started-begin") ? "started" : "release";
            try {
                complete(operation, DomainSource.read(file, null, maxBytes).domain(), log);
            } catch (ToolError e) {
                // a spooled call that cannot be read completes nothing
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new ToolError(file + ": cannot remove a folded hook call: " + e.getMessage());
            }
        }
    }

    /** One decision the start may be, and what it expected of each disk (by target). */
    private record Candidate(String id, List<String[]> disks) {
    }

    private static List<Candidate> candidates(List<String> lines) {
        List<Candidate> candidates = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split(" ");
            if (words[0].equals("decision") && words.length == 2) {
                candidates.add(new Candidate(words[1], new ArrayList<>()));
            } else if (words[0].equals("disk") && words.length == 4 && !candidates.isEmpty()) {
                candidates.get(candidates.size() - 1).disks().add(new String[] {words[1], words[2], words[3]});
            }
        }
        if (candidates.isEmpty()) {
            throw new ToolError("a pending start note names no decision");
        }
        return candidates;
    }

    /** What libvirt dropped, read off the live definition, completing the candidate it matches (else the last). */
    private static StartOutcome started(Domain live, List<Candidate> candidates) {
        for (Candidate candidate : candidates) {
            List<StartOutcome.Dropped> dropped = new ArrayList<>();
            boolean differs = false;
            for (String[] disk : candidate.disks()) {
                Action done = done(live, disk[0], disk[1].equals("medium"));
                if (done != Action.KEEP) {
                    dropped.add(new StartOutcome.Dropped(disk[0], done));
                }
                Action expected = Action.ofLabel(disk[2]);
                differs |= (expected != null && expected.drops() ? expected : Action.KEEP) != done;
            }
            if (!differs || candidate == candidates.get(candidates.size() - 1)) {
                return new StartOutcome(candidate.id(), Instant.now(), live.name(), live.uuid(), true, dropped, differs);
            }
        }
        throw new IllegalStateException("no candidate");
    }

    /** A disk libvirt left out is removed; one whose medium it took out, ejected; else kept. */
    private static Action done(Domain live, String target, boolean hadMedium) {
        Optional<Disk> disk = live.disks().stream().filter(d -> target.equals(d.target())).findFirst();
        if (disk.isEmpty()) {
            return Action.REMOVE;
        }
        return hadMedium && disk.get().isEmpty() ? Action.EJECT : Action.KEEP;
    }
}
