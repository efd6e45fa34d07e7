package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A drawing for a page, already laid out: boxes of text lines and the links between them, every
 * coordinate in pixels, so that the page draws it as inline SVG with no script and no measuring in
 * the browser. Text is set in a monospace font of {@link #FONT_SIZE} pixels, whose glyphs are
 * {@link #CHAR_WIDTH} wide, which is how a box is made wide enough for its longest line. What the
 * page writes for each box and link is kept short: a host's page draws thousands.
 */
record Picture(int width, int height, List<Box> boxes, List<Link> links) {
    static final int FONT_SIZE = 12;
    /** DejaVu Sans Mono and Liberation Mono, the fonts a Linux browser takes for monospace, advance 0.6 em. */
    static final double CHAR_WIDTH = 0.6 * FONT_SIZE + 0.05;
    static final int LINE = 16;
    static final int PADDING = 8;
    static final int MARGIN = 4;

    Picture {
        boxes = List.copyOf(boxes);
        links = List.copyOf(links);
    }

    /** A drawing of these boxes and links, as large as they reach, with a margin. */
    static Picture of(List<Box> boxes, List<Link> links) {
        int width = 0;
        int height = 0;
        for (Box box : boxes) {
            width = Math.max(width, box.x() + box.width());
            height = Math.max(height, box.y() + box.height());
        }
        return new Picture(width + MARGIN, height + MARGIN, boxes, links);
    }

    /** The width a box needs for these lines. */
    static int widthFor(List<String> lines) {
        int longest = lines.stream().mapToInt(String::length).max().orElse(0);
        return (int) Math.ceil(longest * CHAR_WIDTH) + 2 * PADDING;
    }

    /** The height a box of so many lines needs. */
    static int heightFor(int lines) {
        return lines * LINE + PADDING;
    }

    /**
     * A box: its place, what it stands for as CSS classes ({@code image}, {@code missing}, …), and
     * its lines, the first one the name of what it stands for.
     */
    record Box(int x, int y, int width, int height, String kind, List<String> lines) {
        Box {
            lines = List.copyOf(lines);
        }

        Box(int x, int y, String kind, List<String> lines) {
            this(x, y, widthFor(lines), heightFor(lines.size()), kind, lines);
        }

        /** The same box elsewhere. */
        Box at(int newX, int newY) {
            return new Box(newX, newY, width, height, kind, lines);
        }

        /** The same box, this wide. */
        Box wide(int newWidth) {
            return new Box(x, y, newWidth, height, kind, lines);
        }

        int middleY() {
            return y + height / 2;
        }

        /**
         * Where the box's text starts, a padding in from its left: the page draws the box from
         * there ({@code translate}), so that each line needs its baseline alone, and the box its size
         * (its rectangle starts a padding to the left, as the page's style says).
         */
        int textX() {
            return x + PADDING;
        }

        /** Each line, with its baseline below the box's top. */
        List<Text> texts() {
            List<Text> texts = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                texts.add(new Text((i + 1) * LINE, lines.get(i)));
            }
            return texts;
        }
    }

    /** A line of a box, at its baseline below the box's top. */
    record Text(int y, String text) {
    }

    /**
     * A link between two boxes as an SVG path ({@code d}), and what it means as a CSS class: null
     * for an image's backing file (the many links of a host page: an arrow), {@code candidate} for
     * a file that could be a missing one, {@code use} for a user in a tree.
     */
    record Link(String d, String kind) {
        /** Straight down from one box's bottom to the next one's top, with an arrowhead there. */
        static Link down(Box from, Box to, String kind) {
            int x = from.x() + 2 * PADDING;
            int top = to.y();
            return new Link("M" + x + " " + (from.y() + from.height()) + "V" + (top - 1) + "l-4-6h8l-4 6", kind);
        }

        /** Down from one box's bottom, then right into a box set in below it. */
        static Link aside(Box from, Box to, String kind) {
            return new Link("M" + (from.x() + 2 * PADDING) + " " + (from.y() + from.height()) + "V" + to.middleY() + "H"
                    + to.x(), kind);
        }

        /** From one box's right side to another's left side, across then along then across. */
        static Link across(Box from, Box to, String kind) {
            int x1 = from.x() + from.width();
            int x2 = to.x();
            int middle = (x1 + x2) / 2;
            return new Link("M" + x1 + " " + from.middleY() + "H" + middle + "V" + to.middleY() + "H" + x2, kind);
        }
    }
}
