package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * libvirt 9.0 alone, with a FIFO where an optional disk's image should be: virsh start blocks
 * (and libvirtd with it) until something opens the FIFO for writing, bounded here by a writer
 * after a few seconds; then QEMU refuses the FIFO. The tool refuses such a start whatever the
 * policy, saying libvirt would block on it, rather than drop the disk as if it were missing.
 */
@Tag("libvirt")
@Order(1)
@ExtendWith(ConformanceHost.Extension.class)
class LibvirtAloneBlocksOnAFifoTest {
    private static final Duration WRITER_AFTER = Duration.ofSeconds(6);

    @Test
    void anOptionalDiskThatIsAFifoBlocksLibvirtUntilAWriterComesAndTheToolRefusesIt(ConformanceHost host)
            throws IOException, InterruptedException {
        String guest = ConformanceCase.GUEST_PREFIX + "fifo-alone";
        Path folder = Files.createDirectories(host.scratch().resolve(guest));
        try (GuestImages images = new GuestImages(folder)) {
            Path fifo = folder.resolve("fifo.img");
            HostCommand.run("mkfifo", fifo.toString()).orThrow();
            Path xml = Files.writeString(folder.resolve(guest + ".xml"), GuestDefinition.of(guest, images.systemDisk(),
                    Device.DISK.xml(fifo, "raw", Policy.OPTIONAL)));
            HostCommand.virsh("define", xml.toString()).orThrow();

            ToolDecision tool = ToolDecision.evaluate(xml, "cold-boot");
            long start = System.nanoTime();
            HostCommand started;
            try (FifoWriter writer = FifoWriter.after(fifo, WRITER_AFTER)) {
                started = HostCommand.virsh("start", guest);
                assertTrue(writer.wrote(), "virsh start returned before the writer came: it did not block");
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            assertTrue(seconds >= WRITER_AFTER.toSeconds() - 1, "libvirt blocked " + seconds + " s");
            assertFalse(started.succeeded(), "then QEMU refuses the FIFO");
            assertTrue(started.libvirtError().contains("to be a regular file"), started.libvirtError());
            assertEquals("fail", tool.verdict(), "the tool refuses such a start");
            assertEquals("fail", tool.actions().get("vdb"));
            assertTrue(tool.errors().get(0).contains("libvirt would block opening it"), tool.errors().toString());
        } finally {
            host.removeGuest(guest);
        }
    }
}
