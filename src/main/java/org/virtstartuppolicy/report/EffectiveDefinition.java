package org.virtstartuppolicy.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** True when a site rule drops a disk that libvirt's own check would not drop. */
    public static boolean siteDropsDisks(Decision decision) {
        return !indexes(decision, Action.REMOVE, true).isEmpty() || !indexes(decision, Action.EJECT, true).isEmpty();
    }

    public static String of(Decision decision, DomainSource source) {
        return EffectiveXml.of(source.text(), indexes(decision, Action.REMOVE, false), indexes(decision, Action.EJECT, false),
                source.name());
    }

    /**
     * The definition with only the site rules' drops applied, for libvirt to start from: what
     * libvirt's own table drops it drops itself, emitting its disk-change events as it does alone.
     */
    public static String withSiteDrops(Decision decision, DomainSource source) {
        return EffectiveXml.of(source.text(), indexes(decision, Action.REMOVE, true), indexes(decision, Action.EJECT, true),
                source.name());
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

    private static Set<Integer> indexes(Decision decision, Action action, boolean bySiteOnly) {
        return decision.disks().stream().filter(d -> d.action() == action)
                .filter(d -> !bySiteOnly || d.decidedBySite())
                .map(DiskDecision::disk).map(disk -> disk.index()).collect(Collectors.toSet());
    }
}
