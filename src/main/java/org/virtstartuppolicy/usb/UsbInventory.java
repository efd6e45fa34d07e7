package org.virtstartuppolicy.usb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The host's USB devices as libvirt 9.0 reads them ({@code src/util/virusb.c}
 * {@code virUSBDeviceSearch}): every entry of {@code /sys/bus/usb/devices} whose name has no
 * {@code :} (those are interfaces), its {@code idVendor} and {@code idProduct} in hexadecimal,
 * its bus number from its name (after any {@code usb}), its {@code devnum} in decimal. An entry
 * libvirt cannot read ends its scan with an error, whatever the policy; so it is kept, in its
 * place, with libvirt's message. Pure: it reads what it is given.
 *
 * @param unreadable libvirt's message when the folder itself cannot be opened, else null
 * @param entries    in the order libvirt meets them (here: by name)
 */
public record UsbInventory(String unreadable, List<Entry> entries) {
    /** Where libvirt looks, whatever root the host's file system is mounted under. */
    public static final String DEVICES = "/sys/bus/usb/devices";

    /** A device, or the message of an entry libvirt fails on. */
    public record Entry(HostUsbDevice device, String error) {
    }

    public UsbInventory {
        entries = List.copyOf(entries);
    }

    /** A host whose USB devices folder cannot be opened, in the system's words ({@code No such file or directory}). */
    public static UsbInventory unreadable(String why) {
        return new UsbInventory("cannot open directory '" + DEVICES + "': " + why, List.of());
    }

    /**
     * @param nodes the device nodes that exist, as {@code BBB/DDD} ({@code 001/004})
     */
    public static UsbInventory of(List<SysfsEntry> read, Set<String> nodes) {
        List<Entry> entries = new ArrayList<>();
        for (SysfsEntry entry : read.stream().sorted(Comparator.comparing(SysfsEntry::name)).toList()) {
            if (!entry.name().contains(":")) {
                entries.add(entry(entry, nodes));
            }
        }
        return new UsbInventory(null, entries);
    }

    /** The devices that could be read. */
    public List<HostUsbDevice> devices() {
        return entries.stream().map(Entry::device).filter(d -> d != null).toList();
    }

    private static Entry entry(SysfsEntry entry, Set<String> nodes) {
        try {
            int vendor = number(entry, "idVendor", 16);
            int product = number(entry, "idProduct", 16);
            String name = entry.name().startsWith("usb") ? entry.name().substring(3) : entry.name();
            Long bus = leadingNumber(name, 10);
            if (bus == null) {
                return new Entry(null, "internal error: Failed to parse dir name '" + entry.name() + "'");
            }
            int devnum = number(entry, "devnum", 10);
            return new Entry(new HostUsbDevice(entry.name(), bus.intValue(), devnum, vendor, product,
                    nodes.contains(String.format("%03d/%03d", bus, devnum))), null);
        } catch (Unreadable e) {
            return new Entry(null, e.getMessage());
        }
    }

    /** libvirt's {@code virUSBSysReadFile}: the file's leading number, trailing text ignored. */
    private static int number(SysfsEntry entry, String file, int radix) {
        String path = DEVICES + "/" + entry.name() + "/" + file;
        String text = entry.contents().get(file);
        if (text == null) {
            throw new Unreadable("Failed to open file '" + path + "': "
                    + entry.errors().getOrDefault(file, "No such file or directory"));
        }
        Long value = leadingNumber(text, radix);
        if (value == null) {
            throw new Unreadable("internal error: Could not parse usb file " + path);
        }
        return value.intValue();
    }

    /** C's {@code strtoul}: leading blanks, an optional {@code 0x} in base 16, then digits; null when there are none or too many. */
    private static Long leadingNumber(String text, int radix) {
        String rest = text.stripLeading();
        if (radix == 16 && (rest.startsWith("0x") || rest.startsWith("0X")) && rest.length() > 2
                && digit(rest.charAt(2), 16) >= 0) {
            rest = rest.substring(2);
        }
        int end = 0;
        while (end < rest.length() && digit(rest.charAt(end), radix) >= 0) {
            end++;
        }
        if (end == 0 || end > 10) {
            return null;
        }
        long value = Long.parseLong(rest.substring(0, end), radix);
        return value > 0xFFFF_FFFFL ? null : value;
    }

    /** An ASCII digit's value in the radix, else -1 (C reads no other digits). */
    private static int digit(char c, int radix) {
        return c < 128 ? Character.digit(c, radix) : -1;
    }

    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
