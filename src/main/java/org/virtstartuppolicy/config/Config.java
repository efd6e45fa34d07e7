package org.virtstartuppolicy.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.stream.Collectors;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.image.StoragePool;

/**
 * The YAML configuration ({@code config/virt-startup-policy.yaml} shows every key). Every key
 * is optional; a missing one takes the built-in default.
 *
 * @param qemu            the account QEMU runs as; absent: see {@link QemuUserLookup}
 * @param chainDepthLimit the most elements a backing chain may have
 * @param pools           storage pools by name, for {@code type='volume'} disks
 * @param decisionLog     the file every evaluation appends its decision to, or null for none
 */
public record Config(Qemu qemu, Integer chainDepthLimit, Map<String, Pool> pools, String decisionLog) {

    public static final Config DEFAULTS = new Config(null, null, null, null);

    /** QEMU's numeric user and group ids. */
    public record Qemu(@JsonProperty(required = true) Integer uid, @JsonProperty(required = true) Integer gid) {
    }

    /** A storage pool: the folder that holds its volumes, and whether it is running. */
    public record Pool(@JsonProperty(required = true) String path, Boolean active) {
    }

    public int maxChainDepth() {
        return chainDepthLimit == null ? ChainInspector.DEFAULT_MAX_DEPTH : chainDepthLimit;
    }

    public Map<String, StoragePool> storagePools() {
        if (pools == null) {
            return Map.of();
        }
        return pools.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new StoragePool(e.getKey(), e.getValue().path, e.getValue().active == null || e.getValue().active)));
    }
}
