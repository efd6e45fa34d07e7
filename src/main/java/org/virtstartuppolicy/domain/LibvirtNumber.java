package org.virtstartuppolicy.domain;

/** Numbers in a definition, read as libvirt reads them. */
public final class LibvirtNumber {
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private LibvirtNumber() {
    }

    /**
     * An unsigned int as virStrToLong_uip reads it in base 10 (C's strtoul): leading white space
     * and a {@code +} are taken; a {@code -}, anything after the digits, no digits at all, or a
     * value over 4294967295 is not a number. Returns null for those.
     */
    public static Long unsignedInt(String text) {
        if (text == null) {
            return null;
        }
        int at = 0;
        while (at < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '+') {
            at++;
        }
        int digits = at;
        long value = 0;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            value = value * 10 + (text.charAt(at) - '0');
            if (value > UINT_MAX) {
                return null;
            }
            at++;
        }
        return at == digits || at != text.length() ? null : value;
    }
}
