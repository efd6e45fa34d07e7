package org.virtstartuppolicy.domain;

import java.util.List;

/**
 * A {@code <backingStore>} chain written in the domain XML: the layers below the top image, in
 * order, and whether it ends with the empty {@code <backingStore/>} terminator. An unterminated
 * chain is probed further from its last layer.
 */
public record DeclaredBackingStore(List<Layer> layers, boolean terminated) {
    public DeclaredBackingStore {
        layers = List.copyOf(layers);
    }

    /** One written layer: its type, {@code <format type>} and source path. */
    public record Layer(String type, String format, String path) {
    }
}
