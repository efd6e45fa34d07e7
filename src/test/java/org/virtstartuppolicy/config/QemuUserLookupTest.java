package org.virtstartuppolicy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.image.QemuUser;

/** Who QEMU runs as, found the way libvirt's host would say it, from a host's /etc. */
class QemuUserLookupTest {
    @TempDir
    Path etc;

    @BeforeEach
    void debianAccounts() throws IOException {
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                libvirt-qemu:x:64055:108:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin
                qemu:x:107:107:qemu user:/:/sbin/nologin
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                kvm:x:104:libvirt-qemu
                libvirt-qemu:x:64055:libvirt-qemu
                libvirt:x:108:
                qemu:x:107:
                """);
    }

    private QemuUser find(String asUser, Config config) {
        return new QemuUserLookup(etc).find(asUser, config);
    }

    @Test
    void withoutQemuConfTheDebianAccountIsUsedWithItsGroups() {
        assertEquals(new QemuUser(64055, 108, Set.of(108, 104, 64055)), find(null, Config.DEFAULTS));
    }

    @Test
    void withoutTheDebianAccountTheFedoraAccountIsUsed() throws IOException {
        Files.writeString(etc.resolve("passwd"), "qemu:x:107:107:qemu user:/:/sbin/nologin\n");
        assertEquals(new QemuUser(107, 107, Set.of(107)), find(null, Config.DEFAULTS));
    }

    @Test
    void qemuConfUserAndGroupByNameWin() throws IOException {
        Files.createDirectories(etc.resolve("libvirt"));
        Files.writeString(etc.resolve("libvirt/qemu.conf"), """
                # The user for QEMU processes run by the system instance.
                #user = "root"
                user = "qemu"
                group = "kvm"   # shares /dev/kvm
                """);
        assertEquals(107, find(null, Config.DEFAULTS).uid());
        assertEquals(104, find(null, Config.DEFAULTS).gid());
    }

    @Test
    void qemuConfNumericIdsArePrefixedWithPlus() throws IOException {
        Files.createDirectories(etc.resolve("libvirt"));
        Files.writeString(etc.resolve("libvirt/qemu.conf"), "user = \"+2000\"\ngroup = \"+3000\"\n");
        assertEquals(new QemuUser(2000, 3000, Set.of(3000)), find(null, Config.DEFAULTS));
    }

    @Test
    void configBeatsQemuConfAndAsUserBeatsBoth() {
        Config config = new Config(new Config.Qemu(107, 107), null, Map.of(), null, null, null, null);
        assertEquals(107, find(null, config).uid());
        assertEquals(new QemuUser(5, 6, Set.of(6)), find("5:6", config));
    }

    @Test
    void asUserThatIsNotUidColonGidIsAUsageError() {
        assertEquals("--as-user 'qemu': expected UID:GID, e.g. 64055:64055",
                assertThrows(ToolError.class, () -> find("qemu", Config.DEFAULTS)).getMessage());
    }
}
