package org.virtstartuppolicy.image;

import java.util.List;

/**
 * A disk's images from the top down, as far as they could be followed, and the first problem found.
 *
 * @param pool       the storage pool a volume disk's source was looked up in, or null
 * @param notChecked why the host does not check this disk at all (a volume of a network pool, or
 *                   of a pool whose volume paths only libvirt knows), or null
 */
public record BackingChain(List<ChainElement> elements, ChainProblem problem, StoragePool pool, String notChecked) {
    public BackingChain {
        elements = List.copyOf(elements);
    }

    public BackingChain(List<ChainElement> elements, ChainProblem problem) {
        this(elements, problem, null, null);
    }

    public boolean isWhole() {
        return problem == null;
    }

    BackingChain inPool(StoragePool where) {
        return new BackingChain(elements, problem, where, notChecked);
    }
}
