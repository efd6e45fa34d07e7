package org.virtstartuppolicy.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a backing name written in a header points at, resolved as libvirt resolves it: a local
 * file to check, or a network location the host cannot check.
 *
 * @param path    the local path, or the network name as written
 * @param network true when the name is a protocol ({@code nbd://…}, {@code rbd:…}, a JSON network driver)
 * @param format  the format a {@code json:} name's outer driver states, or null
 */
record BackingName(String path, boolean network, String format) {
    /** Built on first use: most chains have no {@code json:} name. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Set<String> FILE_DRIVERS = Set.of("file", "host_device", "host_cdrom");
    private static final Set<String> FORMAT_DRIVERS = Set.of("raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi",
            "vhdx", "luks", "parallels", "bochs", "cloop", "dmg");

    static BackingName resolve(String referrer, String name) throws CorruptHeaderException {
        if (name.startsWith("json:")) {
            return fromJson(name);
        }
        if (isProtocol(name)) {
            return new BackingName(name, true, null);
        }
        return new BackingName(join(referrer, name), false, null);
    }

    /**
     * A name is a network protocol, not a file, when it has a {@code :} before any {@code /};
     * a local file with a colon is written {@code ./a:b}.
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
    static String join(String referrer, String name) {
        if (name.startsWith("/")) {
            return name;
        }
        int slash = referrer.lastIndexOf('/');
        return slash < 0 ? name : referrer.substring(0, slash + 1) + name;
    }

    /** {@code json:{…}}: follows nested (or dotted) {@code file} objects down to a file or network driver. */
    private static BackingName fromJson(String name) throws CorruptHeaderException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(name.substring("json:".length()));
        } catch (JsonProcessingException e) {
            throw new CorruptHeaderException("backing name '" + name + "' is not valid JSON");
        }
        String format = null;
        while (node != null && node.isObject()) {
            node = expandDotted(node);
            String driver = node.path("driver").asText("");
            if (FILE_DRIVERS.contains(driver)) {
                JsonNode filename = node.path("filename");
                // an empty filename is no file: checked, it would be the tool's own working folder
                if (!filename.isTextual() || filename.asText().isEmpty()) {
                    throw new CorruptHeaderException("backing name '" + name + "' names no filename");
                }
                return new BackingName(filename.asText(), false, format);
            }
            if (!FORMAT_DRIVERS.contains(driver) && !driver.isEmpty()) {
                return new BackingName(name, true, format);
            }
            if (format == null && !driver.isEmpty()) {
                format = driver;
            }
            node = node.get("file");
        }
        throw new CorruptHeaderException("backing name '" + name + "' has no file driver");
    }

    /** {@code {"file.driver": "file", "file.filename": "/a"}} means {@code {"file": {"driver": …}}}. */
    private static JsonNode expandDotted(JsonNode node) {
        if (node.has("file") || !node.has("file.driver") && !node.has("file.filename")) {
            return node;
        }
        var expanded = Json.MAPPER.createObjectNode();
        var file = expanded.putObject("file");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith("file.")) {
                file.set(field.getKey().substring("file.".length()), field.getValue());
            } else {
                expanded.set(field.getKey(), field.getValue());
            }
        }
        return expanded;
    }
}
