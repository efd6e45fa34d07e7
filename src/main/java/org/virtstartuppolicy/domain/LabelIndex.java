package org.virtstartuppolicy.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An enum's values by their labels (as libvirt writes a device, a bus or a policy, as the tool
 * writes an action or a verdict): the rules read a fact's device, bus, type or policy at every
 * evaluation of a constraint, so the lookup is a map's, not a search.
 */
public final class LabelIndex<E extends Enum<E>> {
    private final Map<String, E> byLabel = new HashMap<>();

    public LabelIndex(E[] values, Function<E, String> label) {
        for (E value : values) {
            byLabel.put(label.apply(value), value);
        }
    }

    /** The value with this label, or null for none (and for a null label). */
    public E get(String label) {
        return label == null ? null : byLabel.get(label);
    }
}
