package org.virtstartuppolicy.domain;

/**
 * A number in a USB host device's definition, read as libvirt reads it (C's {@code strtoul} with
 * base 0): {@code 0x} hexadecimal, a leading {@code 0} octal, else decimal, the whole text.
 */
public final class UsbId {
    private UsbId() {
    }

    /** @return the value, or null when the text is not such a number (or does not fit 32 bits unsigned) */
    public static Integer parse(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.strip();
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
            radix = 16;
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            digits = digits.substring(1);
            radix = 8;
        }
        if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
            return null;
        }
        try {
            long value = Long.parseLong(digits, radix);
            return value > 0xFFFF_FFFFL ? null : (int) value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As libvirt prints an id in its messages: four hexadecimal digits at least ({@code %04x}). */
    public static String hex(int id) {
        return String.format("%04x", id);
    }
}
