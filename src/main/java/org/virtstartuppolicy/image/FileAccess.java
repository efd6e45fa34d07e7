package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether QEMU's user could open a file: judged from the permission bits of the file and of
 * every folder on its real path, so a check run as root still sees what QEMU would be refused.
 */
final class FileAccess {
    private static final int READ = 4;
    private static final int SEARCH = 1;

    private final QemuUser user;

    FileAccess(QemuUser user) {
        this.user = user;
    }

    /** What QEMU's user finds at {@code path}: the file's kind, or the error it would get. */
    record Outcome(FileKind kind, Errno error) {
    }

    enum Errno {
        ENOENT("No such file or directory", ProblemKind.MISSING),
        EACCES("Permission denied", ProblemKind.PERMISSION_DENIED),
        ENOTDIR("Not a directory", ProblemKind.MISSING),
        ELOOP("Too many levels of symbolic links", ProblemKind.LOOP);

        final String text;
        final ProblemKind kind;

        Errno(String text, ProblemKind kind) {
            this.text = text;
            this.kind = kind;
        }
    }

    Outcome check(Path path) {
        try {
            Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid");
            FileKind kind = FileKind.ofMode((Integer) attributes.get("mode"));
            if (user.isRoot()) {
                return new Outcome(kind, null);
            }
            for (Path folder = path.toRealPath().getParent(); folder != null; folder = folder.getParent()) {
                if (!permits(Files.readAttributes(folder, "unix:mode,uid,gid"), SEARCH)) {
                    return new Outcome(kind, Errno.EACCES);
                }
            }
            int needed = kind == FileKind.DIRECTORY ? READ | SEARCH : READ;
            return new Outcome(kind, permits(attributes, needed) ? null : Errno.EACCES);
        } catch (NoSuchFileException e) {
            return new Outcome(null, Errno.ENOENT);
        } catch (AccessDeniedException e) {
            return new Outcome(null, Errno.EACCES);
        } catch (FileSystemException e) {
            return new Outcome(null, errnoOf(e));
        } catch (IOException e) {
            return new Outcome(null, Errno.ENOENT);
        }
    }

    private boolean permits(Map<String, Object> attributes, int wanted) {
        int mode = (Integer) attributes.get("mode");
        int bits;
        if ((Integer) attributes.get("uid") == user.uid()) {
            bits = mode >> 6;
        } else if (user.isMemberOf((Integer) attributes.get("gid"))) {
            bits = mode >> 3;
        } else {
            bits = mode;
        }
        return (bits & wanted) == wanted;
    }

    private static Errno errnoOf(FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason();
        if (reason.contains("symbolic links")) {
            return Errno.ELOOP;
        }
        return reason.contains("Not a directory") ? Errno.ENOTDIR : Errno.ENOENT;
    }
}
