package org.virtstartuppolicy.image;

/**
 * A file that could be a missing one, moved or renamed: found where an operator would have put
 * it, of the format the referring image expects, and no smaller than the disk.
 *
 * @param where   how it was found: {@code in the same folder}, {@code in pool 'default' (/var/lib/libvirt/images)}
 * @param command what would put it back, printed only (the tool never writes an image)
 */
public record Candidate(String path, String format, Long virtualSize, String where, String command) {
}
