package org.virtstartuppolicy.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A libvirt guest as its domain XML describes it, reduced to what the start checks need.
 *
 * @param machine         the {@code <os><type machine>}, or null when none is written
 * @param arch            the {@code <os><type arch>}, or null when none is written
 * @param otherBootOrders the {@code <boot order>} of each device that is not a disk, as written:
 *                        libvirt counts them with the disks' when it looks for an order used twice
 * @param hostdevs        every {@code <hostdev>}, for libvirt's checks of the definition
 * @param usbDevices      the USB host devices, whose startupPolicy the rules decide
 */
public record Domain(String name, String uuid, String machine, String arch, List<Disk> disks,
                     List<String> legacyBootDevices, List<String> otherBootOrders, List<Hostdev> hostdevs,
                     List<UsbDevice> usbDevices) {
    public Domain {
        disks = List.copyOf(disks);
        legacyBootDevices = List.copyOf(legacyBootDevices);
        otherBootOrders = List.copyOf(otherBootOrders);
        hostdevs = List.copyOf(hostdevs);
        usbDevices = List.copyOf(usbDevices);
    }

    /**
     * Whether this is a running guest's definition, as libvirt saves it for a restore or a
     * snapshot: its disks carry the aliases libvirt gave them ({@code ua-} ones are the user's own).
     */
    public boolean isLiveDefinition() {
        return disks.stream().anyMatch(d -> d.alias() != null && !d.alias().startsWith("ua-"));
    }

    /**
     * The disks in the order libvirt keeps them, which is the order it checks them in and names
     * them in its messages: each disk read is placed before the first disk already placed on the
     * same written bus whose target name's number is larger, else after the last one on that bus,
     * else at the end.
     */
    public List<Disk> inLibvirtOrder() {
        List<Disk> order = new ArrayList<>();
        for (Disk disk : disks) {
            int at = -1;
            for (int i = order.size() - 1; i >= 0; i--) {
                Disk placed = order.get(i);
                if (!Objects.equals(placed.bus(), disk.bus())) {
                    continue;
                }
                if (placed.target() != null && disk.target() != null && number(placed) > number(disk)) {
                    at = i;
                } else if (at == -1) {
                    at = i + 1;
                }
            }
            order.add(at == -1 ? order.size() : at, disk);
        }
        return order;
    }

    /** A target name's number as libvirt compares them: -1 for a name it cannot number. */
    private static int number(Disk disk) {
        Integer index = new TargetName(disk.target()).index();
        return index == null ? -1 : index;
    }
}
