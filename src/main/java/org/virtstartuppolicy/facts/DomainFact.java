package org.virtstartuppolicy.facts;

import java.util.List;
import java.util.Set;

/**
 * The guest being started, for site rules that apply to some domains only, and for libvirt's
 * checks of the whole definition.
 *
 * @param machine     {@code <os><type machine>}, or null when none is written (QEMU's default)
 * @param arch        {@code <os><type arch>}, or null when none is written (the host's)
 * @param bootDevices the devices {@code <os><boot dev>} names, in order
 * @param otherBootOrders the boot orders of the devices that are not disks (interfaces, host
 *                    devices, …), those libvirt reads as numbers
 */
public record DomainFact(String name, String uuid, String machine, String arch, List<String> bootDevices,
                         List<Long> otherBootOrders) implements Described {
    /** The boards other than x86 PCs whose IDE controller is built in. */
    private static final Set<String> OTHER_BOARDS_WITH_IDE = Set.of("malta", "sun4u", "g3beige");

    public DomainFact {
        bootDevices = List.copyOf(bootDevices);
        otherBootOrders = List.copyOf(otherBootOrders);
    }

    /**
     * Whether the machine has the IDE controller QEMU builds into it, which is the only IDE
     * controller libvirt gives a guest: an i440fx PC ({@code pc}, QEMU's default x86 machine,
     * {@code pc-i440fx-…}, the older {@code pc-0.…}, {@code pc-1.…}, {@code rhel…}) or one of a
     * few other boards. A q35 PC has none.
     */
    public boolean builtinIde() {
        boolean x86 = arch == null ? hostIsX86() : arch.equals("i686") || arch.equals("x86_64");
        String board = machine != null ? machine : x86 ? "pc" : "";
        boolean i440fx = board.equals("pc") || board.startsWith("pc-0.") || board.startsWith("pc-1.")
                || board.startsWith("pc-i440fx-") || board.startsWith("rhel");
        return x86 && i440fx || OTHER_BOARDS_WITH_IDE.contains(board);
    }

    private static boolean hostIsX86() {
        return Set.of("amd64", "x86_64", "x86", "i386", "i686").contains(System.getProperty("os.arch"));
    }

    @Override
    public String describe() {
        return "domain " + name;
    }
}
