package org.virtstartuppolicy.image;

/** The file types an image path can turn out to be; only some may be opened for reading. */
public enum FileKind {
    REGULAR("a regular file"),
    DIRECTORY("a directory"),
    BLOCK_DEVICE("a block device"),
    CHARACTER_DEVICE("a character device"),
    FIFO("a FIFO"),
    SOCKET("a socket");

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** As a sentence says it: {@code a FIFO}. */
    public String description() {
        return description;
    }

    /** From the S_IFMT bits of st_mode. */
    static FileKind ofMode(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> DIRECTORY;
            case 0060000 -> BLOCK_DEVICE;
            case 0020000 -> CHARACTER_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> REGULAR;
        };
    }

    /** Regular files and block devices can hold an image header and never block a read. */
    public boolean holdsImage() {
        return this == REGULAR || this == BLOCK_DEVICE;
    }
}
