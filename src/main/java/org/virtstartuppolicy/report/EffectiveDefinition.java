package org.virtstartuppolicy.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.domain.EffectiveXml;
import org.virtstartuppolicy.facts.Action;

/** The definition a start would use, from its decision: as text, and written to a file atomically. */
public final class EffectiveDefinition {
    private EffectiveDefinition() {
    }

    public static String of(Decision decision, DomainSource source) {
        return EffectiveXml.of(source.text(), indexes(decision, Action.REMOVE), indexes(decision, Action.EJECT),
                source.name());
    }

    /**
     * The definition for libvirt to start from, when the site drops disks that libvirt alone would
     * not: those are removed or emptied in it; what libvirt drops itself, it drops itself, emitting
     * its disk-change events as it does alone. Null when there is no such disk.
     *
     * @param libvirt what libvirt decides from the definition as it is
     */
    public static String droppedBeyond(Decision site, Decision libvirt, DomainSource source) {
        Set<Integer> removed = new HashSet<>();
        Set<Integer> ejected = new HashSet<>();
        for (int i = 0; i < site.disks().size(); i++) {
            DiskDecision disk = site.disks().get(i);
            if (disk.action().drops() && !libvirt.disks().get(i).action().drops()) {
                (disk.action() == Action.REMOVE ? removed : ejected).add(disk.disk().index());
            }
        }
        return removed.isEmpty() && ejected.isEmpty() ? null : EffectiveXml.of(source.text(), removed, ejected, source.name());
    }

    /**
     * Writes the effective definition to {@code target} through a temporary file and a rename, so
     * a reader never sees half of it; the input is never overwritten unless {@code overwrite}.
     */
    public static void write(Decision decision, DomainSource source, Path target, boolean overwrite) {
        try {
            if (!overwrite && source.file() != null && Files.exists(target) && Files.isSameFile(target, source.file())) {
                throw new ToolError(target + ": is the input; pass --overwrite to replace it");
            }
            Path folder = target.toAbsolutePath().getParent();
            Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, of(decision, source), StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            // the exception names the temporary file, which the user never asked for: say what went wrong with theirs
            Path folder = target.toAbsolutePath().getParent();
            String reason = e instanceof NoSuchFileException ? "no such folder " + folder
                    : e instanceof AccessDeniedException ? "permission denied in " + folder
                    : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : String.valueOf(e.getMessage());
            throw new ToolError(target + ": cannot write the effective definition: " + reason);
        }
    }

    private static Set<Integer> indexes(Decision decision, Action action) {
        return decision.disks().stream().filter(d -> d.action() == action)
                .map(DiskDecision::disk).map(disk -> disk.index()).collect(Collectors.toSet());
    }
}
