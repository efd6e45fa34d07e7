package org.virtstartuppolicy.image;

import static org.virtstartuppolicy.domain.SafeXml.child;
import static org.virtstartuppolicy.domain.SafeXml.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.domain.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads the storage pools libvirt keeps in files, never asking libvirt (a hook must not call back
 * into it): {@code /etc/libvirt/storage/NAME.xml} for every defined pool, and
 * {@code /run/libvirt/storage/NAME.xml}, present exactly while the pool is active.
 */
public final class LibvirtPools {
    private static final String DEFINED = "etc/libvirt/storage";
    private static final String RUNNING = "run/libvirt/storage";

    private LibvirtPools() {
    }

    /** @param root the host's file system: {@code /}, or where it is mounted */
    public static StoragePools read(Path root) {
        Path folder = root.resolve(DEFINED);
        if (!Files.isDirectory(folder)) {
            return StoragePools.NONE;
        }
        Map<String, StoragePool> pools = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.xml")) {
            for (Path file : files) {
                String shown = "/" + DEFINED + "/" + file.getFileName();
                String name = file.getFileName().toString().replaceFirst("\\.xml$", "");
                try (InputStream in = Files.newInputStream(file)) {
                    StoragePool pool = pool(SafeXml.parse(in, shown, "a storage pool definition"), shown,
                            root.resolve(RUNNING));
                    pools.put(pool.name(), pool);
                } catch (IOException | ToolError e) {
                    unreadable.put(name, e instanceof ToolError ? e.getMessage() : shown + ": cannot read: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            return new StoragePools(Map.of(), Map.of(), "/" + DEFINED + ": cannot list libvirt's storage pools: " + e.getMessage());
        }
        return new StoragePools(pools, unreadable, null);
    }

    private static StoragePool pool(Document document, String shown, Path running) {
        Element root = document.getDocumentElement();
        String name = text(child(root, "name"));
        if (!"pool".equals(root.getTagName()) || name == null) {
            throw new ToolError(shown + ": not a libvirt storage pool: no <pool> with a <name>");
        }
        Element target = child(root, "target");
        return new StoragePool(name, root.getAttribute("type"), target == null ? null : text(child(target, "path")),
                Files.exists(running.resolve(name + ".xml")), shown);
    }
}
