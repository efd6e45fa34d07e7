package org.virtstartuppolicy.image;

import java.util.List;

/** A disk's images from the top down, as far as they could be followed, and the first problem found. */
public record BackingChain(List<ChainElement> elements, ChainProblem problem) {
    public BackingChain {
        elements = List.copyOf(elements);
    }

    public boolean isWhole() {
        return problem == null;
    }
}
