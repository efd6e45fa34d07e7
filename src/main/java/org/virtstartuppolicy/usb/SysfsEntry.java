package org.virtstartuppolicy.usb;

import java.util.Map;

/**
 * One entry of {@code /sys/bus/usb/devices} as read from the host, before libvirt's reading of it.
 *
 * @param name     the entry's name ({@code 1-2}, {@code usb1})
 * @param contents the text of each of its files that could be read ({@code idVendor}, {@code idProduct}, {@code devnum})
 * @param errors   for each file that could not be, why, in the system's words ({@code No such file or directory})
 */
public record SysfsEntry(String name, Map<String, String> contents, Map<String, String> errors) {
    public SysfsEntry {
        contents = Map.copyOf(contents);
        errors = Map.copyOf(errors);
    }
}
