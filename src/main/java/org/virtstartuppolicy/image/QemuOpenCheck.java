package org.virtstartuppolicy.image;

/**
 * Where libvirt does not relabel the images for QEMU ({@code dynamic_ownership = 0}), QEMU opens
 * each with its own account: the backing files for reading, the top image for writing too when
 * the guest writes it. libvirt's check does not look at this; QEMU then fails.
 */
final class QemuOpenCheck {
    private QemuOpenCheck() {
    }

    /** The chain, with the first image QEMU's account cannot open as its problem when there is one. */
    static BackingChain of(BackingChain chain, boolean writesTop, ImageHost host) {
        if (!chain.isWhole()) {
            return chain;
        }
        for (int i = 0; i < chain.elements().size(); i++) {
            ChainElement element = chain.elements().get(i);
            Reach reach = host.reach(element.path());
            boolean write = i == 0 && writesTop;
            // a whole chain's element that cannot be reached is a network one: QEMU connects to it
            if (reach.error() == null && (!reach.readable() || write && !reach.writable())) {
                return new BackingChain(chain.elements(), LibvirtMessages.qemuCannotOpen(element.path(),
                        i == 0 ? null : chain.elements().get(0).path(), write, host.qemu()), chain.pool(), chain.notChecked());
            }
        }
        return chain;
    }
}
