package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Backing names as libvirt resolves them: a local file, or a network location. */
class BackingNameTest {
    private static final String TOP = "/var/lib/libvirt/images/top.qcow2";

    @Test
    void relativeNameIsJoinedToTheReferringImagesFolderAsText() throws CorruptHeaderException {
        assertEquals(new BackingName("/var/lib/libvirt/images/../base/b.qcow2", false, null),
                BackingName.resolve(TOP, "../base/b.qcow2"));
    }

    @Test
    void colonBeforeAnySlashIsAProtocol() throws CorruptHeaderException {
        assertEquals(new BackingName("nbd://host/x", true, null), BackingName.resolve(TOP, "nbd://host/x"));
        assertEquals(new BackingName("/var/lib/libvirt/images/./a:b", false, null), BackingName.resolve(TOP, "./a:b"));
    }

    @Test
    void jsonNameWithAFileDriverNamesItsFilenameAndTheOuterFormat() throws CorruptHeaderException {
        assertEquals(new BackingName("/i/base.qcow2", false, "qcow2"), BackingName.resolve(TOP,
                "json:{\"driver\": \"qcow2\", \"file\": {\"driver\": \"file\", \"filename\": \"/i/base.qcow2\"}}"));
    }

    @Test
    void jsonNameWithDottedKeysIsReadAsNested() throws CorruptHeaderException {
        assertEquals("/i/b", BackingName.resolve(TOP, "json:{\"file.driver\": \"file\", \"file.filename\": \"/i/b\"}")
                .path());
    }

    /** It named "", which the chain walk then checked as a file: the tool's own working folder. */
    @Test
    void jsonNameWithAnEmptyFilenameIsCorrupt() {
        String name = "json:{\"driver\": \"file\", \"filename\": \"\"}";
        assertEquals("backing name '" + name + "' names no filename",
                assertThrows(CorruptHeaderException.class, () -> BackingName.resolve(TOP, name)).getMessage());
    }

    @Test
    void jsonNameThatIsNotJsonIsCorruptInTheToolsWords() {
        CorruptHeaderException e = assertThrows(CorruptHeaderException.class,
                () -> BackingName.resolve(TOP, "json:{\"driver\": "));
        assertEquals("backing name 'json:{\"driver\": ' is not valid JSON", e.getMessage());
        HeaderContract.assertToolWords("qcow2", e);
    }

    @Test
    void jsonNameNestedBeyondJacksonsDepthLimitIsCorrupt() {
        String name = "json:" + "[".repeat(1018);
        assertEquals("backing name '" + name + "' is not valid JSON",
                assertThrows(CorruptHeaderException.class, () -> BackingName.resolve(TOP, name)).getMessage());
    }
}
