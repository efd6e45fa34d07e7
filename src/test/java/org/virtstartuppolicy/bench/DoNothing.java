package org.virtstartuppolicy.bench;

/** The floor of the benchmarks (src/test/bench/fast.sh): a JVM that starts, and exits doing nothing. */
public final class DoNothing {
    private DoNothing() {
    }

    public static void main(String[] args) {
        // nothing: what is left is the JVM's own start and exit
    }
}
