package org.virtstartuppolicy.domain;

/**
 * A disk's {@code <source>}. Which fields are set depends on the disk type: {@code path} for
 * file, block and dir ({@code file=}, {@code dev=}, {@code dir=}); {@code pool} and
 * {@code volume} for volume; {@code protocol} and {@code name} for network.
 */
public record DiskSource(String path, String pool, String volume, String protocol, String name,
                         String startupPolicy) {

    public boolean isEmpty() {
        return path == null && volume == null && name == null;
    }

    /** What names the source to a reader: the path, pool/volume, or protocol:name. */
    public String label() {
        if (path != null) {
            return path;
        }
        if (volume != null) {
            return pool + "/" + volume;
        }
        if (name != null) {
            return protocol == null ? name : protocol + ":" + name;
        }
        return null;
    }
}
