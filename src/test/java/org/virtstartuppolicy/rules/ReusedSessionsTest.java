package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.facts.StartContext;

/** The rules' sessions are reused from a pool: a decision must not carry anything of the one before it. */
class ReusedSessionsTest {
    @TempDir
    Path dir;

    @Test
    void aDecisionIsTheSameWhateverWasDecidedBeforeIt() throws Exception {
        Path present = Files.write(dir.resolve("present.raw"), new byte[512]);
        String missing = TestDomains.domain(
                TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "optional", "sda"),
                TestDomains.disk("file", "disk", "raw", dir.resolve("gone.raw").toString(), null, "vdb"));
        String whole = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"));

        Decision first = TestDomains.evaluate(missing, StartContext.COLD_BOOT);
        Decision other = TestDomains.evaluate(whole, StartContext.COLD_BOOT);
        Decision again = TestDomains.evaluate(missing, StartContext.COLD_BOOT);
        Decision otherAgain = TestDomains.evaluate(whole, StartContext.COLD_BOOT);

        assertEquals(first.toString(), again.toString(), "the same domain, decided after another");
        assertEquals(other.toString(), otherAgain.toString(), "the other domain, decided after a failing one");
        assertNotEquals(first.mayStart(), other.mayStart(), "the two domains are decided differently");
        assertEquals(1, other.disks().size(), "nothing of the domain before it: " + other);
    }
}
