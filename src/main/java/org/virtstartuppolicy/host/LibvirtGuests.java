package org.virtstartuppolicy.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.domain.DomainSource;

/**
 * Every guest libvirt knows on a host, read from libvirt's own files, never asking the daemon
 * (the host may be mounted elsewhere, or its daemon stopped): the persistent definitions
 * ({@code /etc/libvirt/qemu/NAME.xml}), the autostart links ({@code /etc/libvirt/qemu/autostart/}),
 * the managed-save images ({@code /var/lib/libvirt/qemu/save/NAME.save}) and the guests running
 * ({@code /run/libvirt/qemu/NAME.xml}, there exactly while a guest runs).
 */
public final class LibvirtGuests {
    private static final String DEFINITIONS = "etc/libvirt/qemu";
    private static final String AUTOSTART = "etc/libvirt/qemu/autostart";
    private static final String SAVES = "var/lib/libvirt/qemu/save";
    private static final String RUNNING = "run/libvirt/qemu";

    private LibvirtGuests() {
    }

    /**
     * The guests, by name. What cannot be read of one guest is that guest's {@code unreadable};
     * a folder that cannot be listed at all is an error.
     *
     * @param root the host's file system: {@code /}, or where it is mounted
     */
    public static List<Guest> read(Path root, int maxBytes) {
        TreeSet<String> names = new TreeSet<>();
        names.addAll(named(root, DEFINITIONS, ".xml"));
        names.addAll(named(root, RUNNING, ".xml"));
        List<Guest> guests = new ArrayList<>();
        for (String name : names) {
            guests.add(guest(root, name, maxBytes));
        }
        return guests;
    }

    private static Guest guest(Path root, String name, int maxBytes) {
        Path definition = root.resolve(DEFINITIONS).resolve(name + ".xml");
        Path save = root.resolve(SAVES).resolve(name + ".save");
        boolean running = Files.exists(root.resolve(RUNNING).resolve(name + ".xml"));
        boolean autostart = Files.exists(root.resolve(AUTOSTART).resolve(name + ".xml"), LinkOption.NOFOLLOW_LINKS);
        DomainSource persistent = null;
        DomainSource saved = null;
        String unreadable = null;
        try {
            if (Files.exists(definition)) {
                DomainSource read = DomainSource.read(definition, null, maxBytes);
                persistent = new DomainSource(definition, shown(DEFINITIONS, name + ".xml"), read.text());
            }
            if (Files.exists(save)) {
                String shown = shown(SAVES, name + ".save");
                saved = new DomainSource(null, shown, SaveImage.definition(save, shown, maxBytes));
            }
        } catch (ToolError e) {
            unreadable = e.getMessage();
        }
        return new Guest(name, persistent, saved, autostart, running, unreadable);
    }

    /** The names of the files in a folder with this suffix, the suffix taken off; none for a folder that is not there. */
    private static List<String> named(Path root, String folder, String suffix) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(folder), "*" + suffix)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    String name = file.getFileName().toString();
                    names.add(name.substring(0, name.length() - suffix.length()));
                }
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw new ToolError(shown(folder, "") + ": cannot list libvirt's guests: " + e.getMessage());
        }
        return names;
    }

    /** As the host names it, whatever root it is read under. */
    private static String shown(String folder, String file) {
        return "/" + folder + "/" + file;
    }
}
