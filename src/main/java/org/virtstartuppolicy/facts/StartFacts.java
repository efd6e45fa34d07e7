package org.virtstartuppolicy.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.DiskSource;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.LibvirtNumber;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;
import org.virtstartuppolicy.image.ProblemKind;
import org.virtstartuppolicy.usb.UsbFinding;

/**
 * Everything the rules are told about one start: the domain, the context, the site's parameters,
 * each disk, the host devices, each disk's problem, and the images that hold nothing; each USB
 * host device, and what libvirt's lookup finds of it ({@link UsbFound}, {@link UsbNotFound} or
 * {@link UsbLookupFailed}, one each).
 */
public record StartFacts(DomainFact domain, StartContext context, Site site, List<DiskFact> disks,
                         List<HostdevFact> hostdevs, List<DiskProblem> problems, List<QemuCannotOpen> unopenable,
                         List<BlockingFile> blocking, List<UncheckedDisk> unchecked, List<EmptyImage> empty,
                         List<UsbDeviceFact> usbDevices, List<Object> usbFindings) {
    public StartFacts {
        disks = List.copyOf(disks);
        hostdevs = List.copyOf(hostdevs);
        problems = List.copyOf(problems);
        unopenable = List.copyOf(unopenable);
        blocking = List.copyOf(blocking);
        unchecked = List.copyOf(unchecked);
        empty = List.copyOf(empty);
        usbDevices = List.copyOf(usbDevices);
        usbFindings = List.copyOf(usbFindings);
    }

    /**
     * @param chains each disk's inspected chain, absent for disks that are not checked
     * @param usb    what the lookup found of each of the domain's USB host devices
     */
    public static StartFacts of(Domain domain, Map<Disk, BackingChain> chains, Map<UsbDevice, UsbFinding> usb,
                                StartContext context, Site site) {
        List<DiskFact> disks = new ArrayList<>();
        List<DiskProblem> problems = new ArrayList<>();
        List<QemuCannotOpen> unopenable = new ArrayList<>();
        List<BlockingFile> blocking = new ArrayList<>();
        List<UncheckedDisk> unchecked = new ArrayList<>();
        List<EmptyImage> empty = new ArrayList<>();
        Disk bootDisk = bootDisk(domain);
        List<Disk> libvirtOrder = domain.inLibvirtOrder();
        for (Disk disk : domain.disks()) {
            DiskSource source = disk.source();
            DiskFact fact = new DiskFact(disk.index(), disk.target(), disk.device(), disk.type(),
                    disk.startupPolicy(), disk.isEmpty() ? null : source.label(),
                    source == null ? null : source.pool(), disk.libvirtBus(), disk.bootIndex(),
                    disk == bootDisk, libvirtOrder.indexOf(disk), disk.driverType(), disk.driverName(),
                    source == null ? null : source.path() != null ? source.path() : source.name(),
                    source == null ? null : source.volume(), source == null ? null : source.protocol(),
                    disk.readonly(), disk.shareable(), disk.alias(),
                    disk.address() == null ? null : disk.address().type(), disk.driveAddress(), disk.bootOrder());
            disks.add(fact);
            BackingChain chain = chains.get(disk);
            if (chain != null && chain.notChecked() != null) {
                unchecked.add(new UncheckedDisk(fact, chain.notChecked()));
            }
            for (ChainElement element : chain == null ? List.<ChainElement>of() : chain.elements()) {
                if (element.present() && element.virtualSize() != null && element.virtualSize() == 0) {
                    empty.add(new EmptyImage(fact, element.path()));
                }
            }
            if (chain != null && chain.problem() != null) {
                ChainProblem p = chain.problem();
                if (p.kind().isMissing()) {
                    problems.add(new DiskProblem(fact, p.kind(), p.path(), p.referencedBy(), p.message()));
                } else if (p.kind() == ProblemKind.WOULD_BLOCK) {
                    blocking.add(new BlockingFile(fact, p.path(), p.message()));
                } else {
                    unopenable.add(new QemuCannotOpen(fact, p.path(), p.message()));
                }
            }
        }
        List<HostdevFact> hostdevs = domain.hostdevs().stream().map(h -> new HostdevFact(h.index(), h.mode(), h.type(),
                h.startupPolicy(), h.address() == null ? null : h.address().drive())).toList();
        List<Long> otherBootOrders = domain.otherBootOrders().stream().map(LibvirtNumber::unsignedInt)
                .filter(Objects::nonNull).toList();
        List<UsbDeviceFact> usbDevices = new ArrayList<>();
        List<Object> usbFindings = new ArrayList<>();
        for (UsbDevice device : domain.usbDevices()) {
            UsbDeviceFact fact = new UsbDeviceFact(device.index(), device.label(), device.vendor(), device.product(),
                    device.bus(), device.device(), device.startupPolicy());
            usbDevices.add(fact);
            UsbFinding finding = usb.get(device);
            usbFindings.add(switch (finding.kind()) {
                case FOUND -> new UsbFound(fact, finding.device().bus(), finding.device().devnum(), finding.device().entry());
                case NOT_FOUND -> new UsbNotFound(fact, finding.message());
                case ERROR -> new UsbLookupFailed(fact, finding.message());
            });
        }
        return new StartFacts(new DomainFact(domain.name(), domain.uuid(), domain.machine(), domain.arch(),
                domain.legacyBootDevices(), otherBootOrders), context, site, disks, hostdevs, problems, unopenable,
                blocking, unchecked, empty, usbDevices, usbFindings);
    }

    /**
     * The disk the guest boots from: the lowest {@code <boot order>}; without any, the first disk
     * of the first kind the legacy {@code <os><boot dev>} list names, {@code hd} by default.
     */
    private static Disk bootDisk(Domain domain) {
        Optional<Disk> byOrder = domain.disks().stream().filter(d -> d.bootIndex() != null)
                .min(Comparator.comparingLong(Disk::bootIndex));
        if (byOrder.isPresent()) {
            return byOrder.get();
        }
        List<String> devices = domain.legacyBootDevices().isEmpty() ? List.of("hd") : domain.legacyBootDevices();
        for (String device : devices) {
            String kind = switch (String.valueOf(device)) {
                case "hd" -> "disk";
                case "cdrom" -> "cdrom";
                case "fd" -> "floppy";
                default -> null;
            };
            Optional<Disk> first = domain.disks().stream().filter(d -> d.device().equals(kind)).findFirst();
            if (first.isPresent()) {
                return first.get();
            }
        }
        return null;
    }

    public List<Object> all() {
        List<Object> all = new ArrayList<>();
        all.add(domain);
        all.add(context);
        all.add(site);
        all.addAll(disks);
        all.addAll(hostdevs);
        all.addAll(problems);
        all.addAll(unopenable);
        all.addAll(blocking);
        all.addAll(unchecked);
        all.addAll(empty);
        all.addAll(usbDevices);
        all.addAll(usbFindings);
        return all;
    }
}
