package org.virtstartuppolicy.domain;

import java.util.List;

/**
 * A disk's {@code <target dev>} as libvirt numbers it: a prefix it knows ({@code fd}, {@code hd},
 * {@code vd}, {@code sd}, {@code xvd}, {@code ubd}), lower-case letters counted as a bijective
 * base-26 number ({@code sda} 0, {@code sdz} 25, {@code sdaa} 26), then optional partition digits.
 * libvirt places a disk without an address by that number; QEMU's driver refuses a name that
 * does not read this way, or that names a partition.
 */
public record TargetName(String dev) {
    private static final List<String> PREFIXES = List.of("fd", "hd", "vd", "sd", "xvd", "ubd");

    /** The disk's number, the digits after the letters ignored; null when libvirt cannot number the name. */
    public Integer index() {
        int letters = lettersStart();
        if (letters < 0 || letters == dev.length() || !isLower(dev.charAt(letters))) {
            return null;
        }
        int index = 0;
        int at = letters;
        for (; at < dev.length() && isLower(dev.charAt(at)); at++) {
            index = (index + (at == letters ? 0 : 1)) * 26 + (dev.charAt(at) - 'a');
        }
        for (int digit = at; digit < dev.length(); digit++) {
            if (dev.charAt(digit) < '0' || dev.charAt(digit) > '9') {
                return null;
            }
        }
        return index;
    }

    /**
     * The partition the name ends with, 0 for none; null when the stricter reading QEMU's driver
     * makes refuses the name: a number of more than one digit starting with 0, or too large.
     */
    public Integer partition() {
        if (index() == null) {
            return null;
        }
        int at = lettersStart();
        while (at < dev.length() && isLower(dev.charAt(at))) {
            at++;
        }
        String digits = dev.substring(at);
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            return null;
        }
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Where the letters start after the known prefix, or -1 without one. */
    private int lettersStart() {
        return PREFIXES.stream().filter(dev::startsWith).findFirst().map(String::length).orElse(-1);
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }
}
