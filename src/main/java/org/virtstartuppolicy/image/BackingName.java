package org.virtstartuppolicy.image;

/** How libvirt turns a backing name written in a header into what it checks. */
final class BackingName {
    private BackingName() {
    }

    /**
     * A name is a network protocol, not a file, when it has a {@code :} before any {@code /}
     * ({@code nbd://…}, {@code rbd:…}, {@code json:{…}}); a local file with a colon is written
     * {@code ./a:b}.
     */
    static boolean isProtocol(String name) {
        int colon = name.indexOf(':');
        int slash = name.indexOf('/');
        return colon >= 0 && (slash < 0 || colon < slash);
    }

    /**
     * Plain text joining, as libvirt does: the referring image's folder (up to and including
     * its last {@code /}) plus the name. {@code ..} is kept and symlinks are not followed, so
     * messages show the path as the chain spells it.
     */
    static String resolve(String referrer, String name) {
        if (name.startsWith("/")) {
            return name;
        }
        int slash = referrer.lastIndexOf('/');
        return slash < 0 ? name : referrer.substring(0, slash + 1) + name;
    }
}
