package org.virtstartuppolicy.image;

/** The errno libvirt's access check can end in, with its text and the problem it makes. */
public enum AccessError {
    ENOENT("No such file or directory", ProblemKind.MISSING),
    EACCES("Permission denied", ProblemKind.PERMISSION_DENIED),
    ENOTDIR("Not a directory", ProblemKind.MISSING),
    ELOOP("Too many levels of symbolic links", ProblemKind.LOOP),
    /** This tool's own account may not look: whether QEMU's could is unknown. */
    UNSEEN("Permission denied", ProblemKind.UNREADABLE);

    final String text;
    final ProblemKind kind;

    AccessError(String text, ProblemKind kind) {
        this.text = text;
        this.kind = kind;
    }
}
