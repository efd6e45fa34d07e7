package org.virtstartuppolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> COMMANDS = List.of("evaluate", "explain", "host", "inspect", "check");

    @Test
    void aTypoASwapOrACaseSuggestsTheWordMeant() {
        assertEquals(Optional.of("evaluate"), Spelling.closest("evalute", COMMANDS));
        assertEquals(Optional.of("inspect"), Spelling.closest("inpsect", COMMANDS));
        assertEquals(Optional.of("decisionLog"), Spelling.closest("decisionlog", List.of("decisionLog", "context")));
    }

    @Test
    void aWordTooFarFromEveryKnownOneSuggestsNothing() {
        assertEquals(Optional.empty(), Spelling.closest("frobnicate", COMMANDS));
        assertEquals(Optional.empty(), Spelling.closest("hx", COMMANDS), "two letters of four differ: another word");
        assertEquals("", Spelling.suggestion("colour", List.of("context", "cacheDir")));
    }
}
