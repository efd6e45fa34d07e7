package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private QemuUser find(String asUser) {
        return new QemuUserLookup(etc).find(asUser, null, null);
    }

    private void qemuConf(String text) throws IOException {
        Files.createDirectories(etc.resolve("libvirt"));
        Files.writeString(etc.resolve("libvirt/qemu.conf"), text);
    }

    private static String pair(QemuUser user) {
        return user.uid() + ":" + user.gid();
    }

    @Test
    void withoutQemuConfDebianUsesLibvirtQemuWithTheGroupOfThatNameNotItsPrimaryGroup() {
        QemuUser user = find(null);
        assertEquals(new QemuUser(64055, 64055, Set.of(64055, 104), "the distribution's default account libvirt-qemu"),
                user);
        assertEquals("uid:64055, gid:64055", user.label());
    }

    @Test
    void withoutTheDebianAccountTheFedoraAccountAndGroupAreUsed() throws IOException {
        Files.writeString(etc.resolve("passwd"), "qemu:x:107:36:qemu user:/:/sbin/nologin\n");
        assertEquals("107:107", pair(find(null)));
    }

    @Test
    void commentedOutSettingsInQemuConfLeaveTheDistributionDefaults() throws IOException {
        qemuConf("#user = \"root\"\n#group = \"root\"\n#dynamic_ownership = 0\n");
        assertEquals("64055:64055", pair(find(null)));
        assertTrue(new QemuUserLookup(etc).relabels(null));
    }

    @Test
    void qemuConfUserAndGroupByNameWin() throws IOException {
        qemuConf("""
                # The user for QEMU processes run by the system instance.
                #user = "root"
                user = "qemu"
                group = "kvm"   # shares /dev/kvm
                """);
        QemuUser user = find(null);
        assertEquals("107:104", pair(user));
        assertEquals(etc.resolve("libvirt/qemu.conf").toString(), user.source());
    }

    @Test
    void qemuConfIdsArePlusPrefixedOrBareNumbersThatNameNoOne() throws IOException {
        qemuConf("user = \"+2000\"\ngroup = \"3000\"\n");
        assertEquals(new QemuUser(2000, 3000, Set.of(3000), etc.resolve("libvirt/qemu.conf").toString()),
                find(null));
    }

    @Test
    void qemuConfUserAloneKeepsTheDistributionsDefaultGroup() throws IOException {
        qemuConf("user = \"qemu\"\n");
        assertEquals("107:64055", pair(find(null)));
    }

    @Test
    void qemuConfGroupAloneKeepsTheDistributionsDefaultUser() throws IOException {
        qemuConf("group = \"kvm\"\n");
        assertEquals("64055:104", pair(find(null)));
    }

    @Test
    void qemuConfNamingAnUnknownUserIsAnErrorNamingTheFile() throws IOException {
        qemuConf("user = \"nobody-here\"\n");
        ToolError error = assertThrows(ToolError.class, () -> find(null));
        assertEquals(etc.resolve("libvirt/qemu.conf") + ": user 'nobody-here' is not in " + etc.resolve("passwd"),
                error.getMessage());
    }

    @Test
    void configBeatsQemuConfAndAsUserBeatsBoth() throws IOException {
        qemuConf("user = \"+2000\"\n");
        QemuUserLookup lookup = new QemuUserLookup(etc);
        assertEquals("107:107", pair(lookup.find(null, 107, 107)));
        assertEquals(new QemuUser(5, 6, Set.of(6), "--as-user"), lookup.find("5:6", 107, 107));
    }

    @Test
    void dynamicOwnershipOffInQemuConfMeansNoRelabelling() throws IOException {
        qemuConf("dynamic_ownership = 0\n");
        assertFalse(new QemuUserLookup(etc).relabels(null));
    }

    @Test
    void configsDynamicOwnershipBeatsQemuConf() throws IOException {
        qemuConf("dynamic_ownership = 0\n");
        assertTrue(new QemuUserLookup(etc).relabels(true));
    }

    @Test
    void asUserTakesNamesAsQemuConfDoesAndTheUsersPrimaryGroupWhenNoneIsGiven() {
        assertEquals("64055:108", pair(find("libvirt-qemu")));
        assertEquals("107:104", pair(find("qemu:kvm")));
        assertEquals("64055:64055", pair(find("64055:64055")));
        assertEquals("--as-user", find("qemu").source());
    }

    @Test
    void anUnknownAsUserNameSaysWhichNameWasMeant() {
        assertEquals("--as-user 'libvirt-qemux': no user 'libvirt-qemux' in " + etc.resolve("passwd")
                + " (did you mean 'libvirt-qemu'?)", assertThrows(ToolError.class, () -> find("libvirt-qemux")).getMessage());
        assertEquals("--as-user 'qemu:kmv': no group 'kmv' in " + etc.resolve("group") + " (did you mean 'kvm'?)",
                assertThrows(ToolError.class, () -> find("qemu:kmv")).getMessage());
    }
}
