package org.virtstartuppolicy.image;

/** The errno libvirt's access check can end in, with its text and the problem it makes. */
public enum AccessError {
    ENOENT("No such file or directory", ProblemKind.MISSING),
    EACCES("Permission denied", ProblemKind.PERMISSION_DENIED),
    ENOTDIR("Not a directory", ProblemKind.MISSING),
    ELOOP("Too many levels of symbolic links", ProblemKind.LOOP),
    /** This tool's own account may not look: whether QEMU's could is unknown. */
    UNSEEN("Permission denied", ProblemKind.UNREADABLE);

    private final String text;
    private final ProblemKind kind;

    AccessError(String text, ProblemKind kind) {
        this.text = text;
        this.kind = kind;
    }

    /** As the C library words it: {@code No such file or directory}. */
    public String text() {
        return text;
    }

    /** The problem this error makes of the file. */
    public ProblemKind kind() {
        return kind;
    }
}
