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

    /**
     * What QEMU's user finds at {@code path}: the file's kind and identity (device and inode,
     * the same however the path is spelt), or the error it would get.
     */
    record Outcome(FileKind kind, String identity, Errno error) {
        static Outcome failed(Errno error) {
            return new Outcome(null, null, error);
        }
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
            Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid,dev,ino");
            FileKind kind = FileKind.ofMode((Integer) attributes.get("mode"));
            String identity = attributes.get("dev") + ":" + attributes.get("ino");
            if (user.isRoot()) {
                return new Outcome(kind, identity, null);
            }
            for (Path folder = path.toRealPath().getParent(); folder != null; folder = folder.getParent()) {
                if (!permits(Files.readAttributes(folder, "unix:mode,uid,gid"), SEARCH)) {
                    return new Outcome(kind, identity, Errno.EACCES);
                }
            }
            int needed = kind == FileKind.DIRECTORY ? READ | SEARCH : READ;
            return new Outcome(kind, identity, permits(attributes, needed) ? null : Errno.EACCES);
        } catch (NoSuchFileException e) {
            return Outcome.failed(Errno.ENOENT);
        } catch (AccessDeniedException e) {
            return Outcome.failed(Errno.EACCES);
        } catch (FileSystemException e) {
            return Outcome.failed(errnoOf(e));
        } catch (IOException e) {
            return Outcome.failed(Errno.ENOENT);
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
