package org.virtstartuppolicy.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.facts.StartContext;

/** How a prepare call is told apart, from what libvirt's calls and files let the hook see. */
class StartKindTest {
    @Test
    void aNoteFromRestoreOrMigrateBeginSettlesIt() {
        StartKind kind = StartKind.ofPrepare(StartContext.MIGRATE, true, true);
        assertEquals(List.of(StartContext.MIGRATE), kind.candidates());
        assertEquals("prepare begin after migrate begin (its note)", kind.how());
    }

    @Test
    void aSavedLiveDefinitionWithoutANoteIsARevert() {
        assertEquals(List.of(StartContext.REVERT), StartKind.ofPrepare(null, true, true).candidates());
    }

    @Test
    void thePersistentDefinitionOfAGuestWithoutSnapshotsIsACertainColdBoot() {
        StartKind kind = StartKind.ofPrepare(null, false, false);
        assertEquals(List.of(StartContext.COLD_BOOT), kind.candidates());
        assertTrue(kind.isCertain());
    }

    @Test
    void thePersistentDefinitionOfAGuestWithSnapshotsCannotRuleARevertOut() {
        StartKind kind = StartKind.ofPrepare(null, false, true);
        assertEquals(List.of(StartContext.COLD_BOOT, StartContext.REVERT), kind.candidates());
        assertFalse(kind.isCertain());
    }
}
