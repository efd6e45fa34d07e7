package org.virtstartuppolicy.scenario;

import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.config.Config;

/**
 * One rule regression scenario, as an operator writes it in YAML: a host file system made real,
 * a domain, and what the decision must be.
 *
 * @param context    cold-boot (default), restore, migrate or revert
 * @param rules      extra site rule files or folders, relative to the scenario file
 * @param site       the config's {@code site:} parameters for this scenario
 * @param files      absolute host paths and what is there, written under a fresh root
 * @param domain     the domain XML, or null when {@code domainFile} names it
 * @param domainFile a domain XML file, relative to the scenario file
 * @param asUser     {@code UID:GID} QEMU runs as (default: the user running the tests)
 * @param dynamicOwnership whether libvirt relabels the images for QEMU (default: true)
 * @param pools      libvirt's storage pools by name, written as libvirt keeps them on a host
 * @param usb        the host's USB devices, written as {@code /sys/bus/usb/devices} and {@code /dev/bus/usb}
 *                   show them; absent: the host has no USB bus at all ({@code []}: a bus with no device)
 */
public record Scenario(String name, String context, List<String> rules, Map<String, Object> site,
                       Map<String, HostFile> files, String domain, String domainFile, String asUser,
                       Boolean dynamicOwnership, Map<String, Pool> pools, List<UsbHostDevice> usb, Expect expect) {

    /** The config this scenario stands for: its site parameters and whether libvirt relabels. */
    public Config config() {
        return new Config(null, dynamicOwnership, null, null, null, null, null, site, null);
    }

    /**
     * A storage pool as libvirt defines it.
     *
     * @param type   dir (default), fs, netfs, logical, rbd, iscsi, …
     * @param path   its target path
     * @param active whether it runs (default: true)
     */
    public record Pool(String type, String path, Boolean active) {
    }

    /**
     * A USB device the host has: its entry in {@code /sys/bus/usb/devices}, whose files hold the
     * values exactly as written here (so a value libvirt cannot parse can be written too).
     *
     * @param entry   the entry's name (default {@code BUS-N}, N counting the devices from 1)
     * @param vendor  {@code idVendor}, hexadecimal as the kernel writes it ({@code 1a86})
     * @param product {@code idProduct}
     * @param bus     the bus number
     * @param device  {@code devnum}
     * @param node    whether {@code /dev/bus/usb/BBB/DDD} exists (default: true)
     */
    public record UsbHostDevice(String entry, String vendor, String product, Integer bus, Integer device, Boolean node) {
    }

    /**
     * One host file. Exactly one of {@code format}, {@code missing}, {@code symlink},
     * {@code fifo} and {@code directory} says what it is.
     *
     * @param format        raw, iso, qcow2, qed or vmdk: a real image of that format
     * @param backing       the backing name written in its header (qcow2, qed, vmdk)
     * @param backingFormat the backing format recorded in its header (qcow2; qed records only raw)
     * @param missing       true: nothing is there (documents what the domain refers to)
     * @param mode          permissions, octal, e.g. "0600"
     * @param symlink       a symbolic link to this target
     * @param fifo          true: a FIFO
     * @param dataFile      a qcow2 external data file name
     * @param directory     true: a folder (with {@code mode}, e.g. "0700", one QEMU's account cannot search)
     * @param size          a raw image's length in bytes (default 4096; 0 for an empty file)
     */
    public record HostFile(String format, String backing, String backingFormat, Boolean missing, String mode,
                           String symlink, Boolean fifo, String dataFile, Boolean directory, Integer size) {
    }

    /**
     * What the decision must be; every field is optional.
     *
     * @param verdict start or fail
     * @param disks   by target
     * @param errors  substrings, each found in some error message
     * @param warnings substrings, each found in some warning; an empty list: no warning at all
     */
    public record Expect(String verdict, Map<String, DiskExpect> disks, Map<String, UsbExpect> usb, List<String> errors,
                         List<String> warnings) {
    }

    /**
     * What one USB host device's decision must be, keyed by how reports name it ({@code usb 1a86:7523}).
     *
     * @param outcome present, missing or fail
     * @param reason  a substring of the reason
     * @param rules   rules that must have fired for the device
     */
    public record UsbExpect(String outcome, String reason, List<String> rules) {
    }

    /**
     * What one disk's decision must be; {@code none} for event or problem means there is none.
     *
     * @param problem the path of the file found missing
     * @param reason  a substring of the reason
     * @param rules   rules that must have fired for the disk
     */
    public record DiskExpect(String action, String event, String problem, String reason, List<String> rules) {
    }
}
