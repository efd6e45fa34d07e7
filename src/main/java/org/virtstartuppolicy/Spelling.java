package org.virtstartuppolicy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known word closest to a misspelt one (a config key, a fact type, a field, a
 * command), by edit distance counting a swap of two neighbours as one edit, case aside, and only
 * when it is close enough to be the same word mistyped.
 */
public final class Spelling {
    private Spelling() {
    }

    /** The closest of {@code known} to {@code word}, when at most a third of its letters (and at least one) differ. */
    public static Optional<String> closest(String word, Collection<String> known) {
        String typed = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, typed.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance && !candidate.equals(word)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'X'?)" for a near miss, else "". */
    public static String suggestion(String word, Collection<String> known) {
        return closest(word, known).map(best -> " (did you mean '" + best + "'?)").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and neighbour swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
