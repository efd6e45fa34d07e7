package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/** The inspect command as a user runs it. */
class InspectCommandTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path chain() throws IOException {
        TestImages.raw(dir.resolve("base.raw"));
        TestImages.qcow2(dir.resolve("mid.qcow2"), "base.raw", "raw");
        return TestImages.qcow2(dir.resolve("vm/top.qcow2"), "../mid.qcow2", "qcow2");
    }

    /** The virtual size the project's image writer gives every qcow2 image: 1 GiB. */
    private static final long SIZE = 1L << 30;

    @Test
    void textOutputListsEachElementLikeQemuImg() throws IOException {
        Path top = chain();
        CommandRun run = run("inspect", top.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("image: " + top + "\nfile format: qcow2\nbacking file: ../mid.qcow2 (actual path: "
                + dir + "/vm/../mid.qcow2)\nbacking file format: qcow2\nvirtual size: " + SIZE + " bytes\npresent: yes\n\nimage: " + dir
                + "/vm/../mid.qcow2\n"), run.out());
        QemuUser me = QemuUser.current();
        assertTrue(run.out().endsWith("backing file: base.raw (actual path: " + dir + "/vm/../base.raw)\n"
                + "backing file format: raw\nvirtual size: " + SIZE + " bytes\npresent: yes\n\nimage: " + dir + "/vm/../base.raw\nfile format: raw\n"
                + "virtual size: " + Files.size(dir.resolve("base.raw")) + " bytes\npresent: yes\n\naccess judged as QEMU's account " + me.label() + " (--as-user)\n"), run.out());
    }

    @Test
    void jsonOutputIsOneObjectPerImagePerLineAndExit1WhenAnyChainIsBroken() throws IOException {
        Path whole = chain();
        Path broken = TestImages.qcow2(dir.resolve("broken.qcow2"), "gone.qcow2", "qcow2");
        CommandRun run = run("inspect", "--output", "json", whole.toString(), broken.toString());

        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(whole.toString(), first.get("image").asText());
        assertEquals(3, first.get("chain").size());
        assertTrue(first.get("problem").isNull());
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertEquals("missing", second.get("problem").get("kind").asText());
        assertEquals(dir.resolve("gone.qcow2").toString(), second.get("problem").get("path").asText());
        assertEquals(broken.toString(), second.get("problem").get("referencedBy").asText());
        JsonNode absent = second.get("chain").get(1);
        assertEquals(dir.resolve("gone.qcow2").toString(), absent.get("path").asText());
        assertEquals(false, absent.get("present").asBoolean());
    }

    @Test
    void asUserJudgesAccessForThatAccountEvenWhenRunAsRoot() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path top = chain();
        CommandRun run = run("inspect", "--as-user", "64055:64055", top.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("Cannot access storage file '" + top + "': Permission denied"), run.out());
        assertTrue(run.out().endsWith("access judged as QEMU's account uid:64055, gid:64055 (--as-user)\n"), run.out());
    }

    @Test
    void formatGivenOnTheCommandLineIsTrustedAsADomainsDriverTypeWouldBe() throws IOException {
        Path top = chain();
        CommandRun run = run("inspect", "--format", "raw", top.toString());
        assertEquals(0, run.exitCode());
        // a raw image is as large as its file, as qemu-img says
        assertTrue(run.out().startsWith("image: " + top + "\nfile format: raw\nvirtual size: " + Files.size(top)
                + " bytes\npresent: yes\n"), run.out());
    }

    @Test
    void poolsListsLibvirtsPoolsUnderTheRootAndWhereEachCameFrom() throws IOException {
        Path defined = Files.createDirectories(dir.resolve("etc/libvirt/storage"));
        Files.writeString(defined.resolve("default.xml"),
                "<pool type='dir'><name>default</name><target><path>/var/lib/libvirt/images</path></target></pool>");
        Files.writeString(defined.resolve("backup.xml"),
                "<pool type='netfs'><name>backup</name><target><path>/srv/backup</path></target></pool>");
        Files.createDirectories(dir.resolve("run/libvirt/storage"));
        Files.writeString(dir.resolve("run/libvirt/storage/default.xml"), "<poolstate/>");

        CommandRun run = run("inspect", "--pools", "--root", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("pool backup (netfs, /srv/backup, not active; from /etc/libvirt/storage/backup.xml)\n"
                + "pool default (dir, /var/lib/libvirt/images, active; from /etc/libvirt/storage/default.xml)\n", run.out());
    }

    @Test
    void noImageIsAUsageError() {
        CommandRun run = run("inspect");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void badAsUserIsAUsageError() throws IOException {
        CommandRun run = run("inspect", "--as-user", "nobody-here", chain().toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: --as-user 'nobody-here': no user 'nobody-here' in /etc/passwd\n", run.err());
    }

    @Test
    void everyImageAskedAboutGetsItsBlockAndOneThatIsNotThereNoFormat() throws IOException, InterruptedException {
        Path missing = dir.resolve("missing.qcow2");
        Path truncated = Files.write(dir.resolve("truncated.qcow2"),
                java.util.Arrays.copyOf(TestImages.qcow2Header(3, "b", null, null), 20));
        Path fifo = dir.resolve("fifo.img");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path broken = TestImages.qcow2(dir.resolve("broken.qcow2"), "gone.qcow2", "qcow2");
        CommandRun run = run("inspect", missing.toString(), truncated.toString(), fifo.toString(), broken.toString());

        assertEquals(1, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("image: " + missing + "\npresent: no\n\nproblem: missing: " + missing + "\n"), out);
        assertTrue(out.contains("\nimage: " + truncated + "\n\nproblem: corrupt: " + truncated + "\n"), out);
        assertTrue(out.contains("\nimage: " + fifo + "\n\nproblem: would-block: " + fifo + "\n"), out);
        assertTrue(out.contains("\nimage: " + dir.resolve("gone.qcow2") + "\npresent: no\n"), out);
        assertTrue(!out.contains("file format: raw\npresent: no"), out);
    }
}
