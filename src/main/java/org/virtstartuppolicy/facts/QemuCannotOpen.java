package org.virtstartuppolicy.facts;

/**
 * A disk whose files libvirt finds, but which QEMU's own account cannot open: libvirt does not
 * relabel them ({@code dynamic_ownership = 0}), or a raw top image is behind a folder that
 * account cannot search. libvirt's startupPolicy check passes, then QEMU fails: no policy applies.
 *
 * @param path    the image QEMU cannot open
 * @param message what to change, naming the file and the account
 */
public record QemuCannotOpen(DiskFact disk, String path, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": QEMU's account cannot open " + path;
    }
}
