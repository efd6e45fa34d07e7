package org.virtstartuppolicy.facts;

/**
 * A disk whose files libvirt finds, but which QEMU's own account cannot open because libvirt
 * will not relabel them ({@code dynamic_ownership = 0}). libvirt's startupPolicy check passes,
 * then QEMU fails: no policy applies.
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
