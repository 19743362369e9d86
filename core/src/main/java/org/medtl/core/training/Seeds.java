package org.medtl.core.training;

/** Derives independent seeds (per fold, stage, epoch) from the run's seed with SplitMix64's finaliser. */
final class Seeds {

    private Seeds() {
    }

    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
