package org.virtstartuppolicy.image;

import java.util.Map;

/**
 * The storage pools a host defines, by name, and what could not be read of them: a pool
 * definition this tool may not read is not the same as a pool that does not exist.
 *
 * @param unreadable why a pool's definition (by pool name) could not be read
 * @param unlisted   why the folder of definitions could not be listed, or null
 */
public record StoragePools(Map<String, StoragePool> byName, Map<String, String> unreadable, String unlisted) {
    public static final StoragePools NONE = new StoragePools(Map.of(), Map.of(), null);

    public StoragePools {
        byName = Map.copyOf(byName);
        unreadable = Map.copyOf(unreadable);
    }

    public static StoragePools of(Map<String, StoragePool> pools) {
        return new StoragePools(pools, Map.of(), null);
    }

    /** These pools, with {@code overrides} replacing any of the same name. */
    public StoragePools overriddenBy(Map<String, StoragePool> overrides) {
        Map<String, StoragePool> merged = new java.util.HashMap<>(byName);
        merged.putAll(overrides);
        return new StoragePools(merged, unreadable, unlisted);
    }

    /** Why {@code name} might exist although it was not found, or null when it certainly does not. */
    String whyUnknown(String name) {
        return unreadable.containsKey(name) ? unreadable.get(name) : unlisted;
    }
}
