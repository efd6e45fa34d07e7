package org.virtstartuppolicy.domain;

import static org.virtstartuppolicy.domain.SafeXml.child;
import static org.virtstartuppolicy.domain.SafeXml.children;
import static org.virtstartuppolicy.domain.SafeXml.text;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads a libvirt domain XML as {@code virsh dumpxml} prints it. A DOCTYPE is refused outright,
 * so no entity, internal or external, is ever expanded.
 */
public final class DomainXmlReader {

    public Domain read(InputStream in, String sourceName) {
        Document document = SafeXml.parse(in, sourceName, "domain XML");
        Element root = document.getDocumentElement();
        if (!"domain".equals(root.getTagName())) {
            throw new ToolError(sourceName + ": not a libvirt domain: the root element is <"
                    + root.getTagName() + ">, not <domain>");
        }
        Element osType = child(child(root, "os"), "type");
        return new Domain(text(child(root, "name")), text(child(root, "uuid")), attr(osType, "machine", null),
                attr(osType, "arch", null), disks(root, sourceName), legacyBoot(root), otherBootOrders(root),
                hostdevs(root, sourceName), usbDevices(root, sourceName));
    }

    private static List<Disk> disks(Element root, String sourceName) {
        List<Disk> disks = new ArrayList<>();
        Element devices = child(root, "devices");
        for (Element disk : children(devices, "disk")) {
            disks.add(disk(disks.size(), disk, sourceName));
        }
        return disks;
    }

    /** The USB host devices; other host devices (PCI, SCSI, mdev, …) take no startupPolicy from this tool. */
    private static List<UsbDevice> usbDevices(Element root, String sourceName) {
        List<UsbDevice> devices = new ArrayList<>();
        for (Element hostdev : children(child(root, "devices"), "hostdev")) {
            if ("subsystem".equals(attr(hostdev, "mode", "subsystem")) && "usb".equals(attr(hostdev, "type", null))) {
                devices.add(usbDevice(devices.size(), hostdev, sourceName));
            }
        }
        return devices;
    }

    private static UsbDevice usbDevice(int index, Element hostdev, String sourceName) {
        Element source = child(hostdev, "source");
        Element address = child(source, "address");
        String where = sourceName + ": USB host device #" + (index + 1);
        Integer vendor = usbNumber(child(source, "vendor"), "id", "vendor id", where);
        Integer product = usbNumber(child(source, "product"), "id", "product id", where);
        Integer bus = usbNumber(address, "bus", "bus", where);
        Integer device = usbNumber(address, "device", "device", where);
        if ((vendor == null) != (product == null)) {
            throw new ToolError(where + ": " + (vendor == null ? "a product id without a vendor id" : "a vendor id without a product id"));
        }
        if (vendor == null && (bus == null || device == null)) {
            throw new ToolError(where + ": names neither a vendor and product nor a bus and device");
        }
        return new UsbDevice(index, vendor, product, bus, device, attr(source, "startupPolicy", null),
                attr(child(hostdev, "alias"), "name", null));
    }

    private static Integer usbNumber(Element element, String attribute, String what, String where) {
        String text = attr(element, attribute, null);
        Integer value = UsbId.parse(text);
        if (text != null && value == null) {
            throw new ToolError(where + ": cannot parse " + what + " '" + text + "' (decimal, 0x hexadecimal or 0 octal)");
        }
        return value;
    }

    private static Disk disk(int index, Element disk, String sourceName) {
        String type = attr(disk, "type", "file");
        Element target = child(disk, "target");
        Element driver = child(disk, "driver");
        Element boot = child(disk, "boot");
        Element alias = child(disk, "alias");
        String where = sourceName + ": disk " + attr(target, "dev", "#" + index);
        return new Disk(index, type, attr(disk, "device", "disk"),
                attr(driver, "type", null), attr(driver, "name", null),
                source(type, child(disk, "source")),
                backingStore(child(disk, "backingStore"), where),
                attr(target, "dev", null), attr(target, "bus", null),
                address(child(disk, "address"), where), attr(boot, "order", null),
                child(disk, "readonly") != null, child(disk, "shareable") != null,
                attr(alias, "name", null));
    }

    /** @param where names the device in an error message */
    private static DeviceAddress address(Element address, String where) {
        if (address == null) {
            return null;
        }
        String type = attr(address, "type", "");
        if (!"drive".equals(type)) {
            return new DeviceAddress(type, null);
        }
        return new DeviceAddress(type, new DriveAddress(number(address, "controller", where),
                number(address, "bus", where), number(address, "target", where), number(address, "unit", where)));
    }

    /** A drive address attribute: a number as libvirt reads it, 0 when not written. */
    private static int number(Element address, String name, String where) {
        String value = attr(address, name, "0");
        Long number = LibvirtNumber.unsignedInt(value);
        if (number == null || number > Integer.MAX_VALUE) {
            throw new ToolError(where + ": invalid drive address: " + name + "='" + value + "' is not a whole number");
        }
        return number.intValue();
    }

    private static List<Hostdev> hostdevs(Element root, String sourceName) {
        List<Hostdev> hostdevs = new ArrayList<>();
        for (Element hostdev : children(child(root, "devices"), "hostdev")) {
            hostdevs.add(new Hostdev(hostdevs.size(), attr(hostdev, "mode", null), attr(hostdev, "type", null),
                    attr(child(hostdev, "source"), "startupPolicy", null),
                    address(child(hostdev, "address"), sourceName + ": host device #" + hostdevs.size())));
        }
        return hostdevs;
    }

    /** The boot orders written on the devices that are not disks: interfaces, host devices, … */
    private static List<String> otherBootOrders(Element root) {
        List<String> orders = new ArrayList<>();
        Element devices = child(root, "devices");
        for (var node = devices == null ? null : devices.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element device && !device.getTagName().equals("disk")) {
                String order = attr(child(device, "boot"), "order", null);
                if (order != null) {
                    orders.add(order);
                }
            }
        }
        return orders;
    }

    private static DiskSource source(String type, Element source) {
        if (source == null) {
            return null;
        }
        return new DiskSource(attr(source, pathAttribute(type), null),
                attr(source, "pool", null), attr(source, "volume", null),
                attr(source, "protocol", null), attr(source, "name", null),
                attr(source, "startupPolicy", null));
    }

    /** Which {@code <source>} attribute holds the path, per disk (or backing store) type. */
    private static String pathAttribute(String type) {
        return switch (type) {
            case "block" -> "dev";
            case "dir" -> "dir";
            default -> "file";
        };
    }

    /** @param where names the disk in an error message */
    private static DeclaredBackingStore backingStore(Element element, String where) {
        if (element == null) {
            return null;
        }
        List<DeclaredBackingStore.Layer> layers = new ArrayList<>();
        Element current = element;
        while (current != null && !isTerminator(current)) {
            String type = attr(current, "type", "file");
            Element source = child(current, "source");
            String path = attr(source, pathAttribute(type), attr(source, "name", null));
            if (path == null) {
                throw new ToolError(where + ": a <backingStore> has no source path");
            }
            layers.add(new DeclaredBackingStore.Layer(type, attr(child(current, "format"), "type", null), path));
            current = child(current, "backingStore");
        }
        return new DeclaredBackingStore(layers, current != null);
    }

    /** The empty {@code <backingStore/>}: the written chain ends here, nothing below to probe. */
    private static boolean isTerminator(Element element) {
        return !element.hasAttribute("type") && child(element, "source") == null;
    }

    private static List<String> legacyBoot(Element root) {
        List<String> devices = new ArrayList<>();
        for (Element boot : children(child(root, "os"), "boot")) {
            // a <boot/> naming no device names nothing to boot from
            if (boot.hasAttribute("dev")) {
                devices.add(boot.getAttribute("dev"));
            }
        }
        return devices;
    }

    private static String attr(Element element, String name, String fallback) {
        return element != null && element.hasAttribute(name) ? element.getAttribute(name) : fallback;
    }

}
