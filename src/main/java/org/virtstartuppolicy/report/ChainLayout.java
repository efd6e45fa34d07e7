package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.Candidate;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * A disk's backing chain as a picture: one box per image from the top down, each naming its path,
 * its format, whether it is there, and what refers to it, with an arrow to its backing file; the
 * layer where the chain breaks marked with what went wrong, and under a missing file the files
 * that could be it, set in. A pure function of the chain, so tests need no browser.
 */
final class ChainLayout {
    /** Room for the arrow from an image to its backing file. */
    static final int GAP = 18;
    /** How far the files that could be a missing one are set in under it. */
    static final int INDENT = 32;

    private ChainLayout() {
    }

    /**
     * @param target the disk's target, for the top image's referrer
     * @param users  how many guest disks on the host have an image in their chain, by its path
     */
    static Picture of(String target, BackingChain chain, ToIntFunction<String> users) {
        List<ChainElement> elements = chain.elements();
        ChainProblem problem = chain.problem();
        int broken = problem == null ? -1 : lastIndexOf(elements, problem.path());
        List<Picture.Box> boxes = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            ChainElement element = elements.get(i);
            String referrer = i == 0 ? source(target, chain)
                    : "backing file of " + fileName(elements.get(i - 1).path());
            String expected = i == broken && problem.format() != null ? problem.format()
                    : i > 0 ? elements.get(i - 1).backingFormat() : null;
            String format = element.format() != null ? element.format()
                    : expected != null ? "expected " + expected : "format unknown";
            String state = i == broken ? problem.kind().label() : element.present() ? "present" : "not there";
            boxes.add(image(element.path(), format + " · " + state, referrer, i == broken, users));
        }
        if (problem != null && broken < 0) {
            // what failed is not a layer of the chain: a data file, a pool or volume the source names
            String referrer = problem.referencedBy() == null ? source(target, chain)
                    : "referred to by " + fileName(problem.referencedBy());
            boxes.add(image(problem.path(), problem.kind().label(), referrer, true, users));
            broken = boxes.size() - 1;
        }
        int width = boxes.stream().mapToInt(Picture.Box::width).max().orElse(0);
        List<Picture.Box> placed = new ArrayList<>();
        List<Picture.Link> links = new ArrayList<>();
        int y = Picture.MARGIN;
        for (int i = 0; i < boxes.size(); i++) {
            Picture.Box box = boxes.get(i).at(Picture.MARGIN, y).wide(width);
            if (i > 0) {
                links.add(Picture.Link.down(placed.get(i - 1), box, null));
            }
            placed.add(box);
            y += box.height() + GAP;
        }
        if (broken >= 0) {
            Picture.Box missing = placed.get(broken);
            // below the broken layer, or below the last box when the chain goes on past it (a loop)
            y = placed.get(placed.size() - 1).y() + placed.get(placed.size() - 1).height() + GAP / 2;
            for (Candidate candidate : problem.candidates()) {
                String size = candidate.virtualSize() == null ? "" : ", " + candidate.virtualSize() + " bytes";
                Picture.Box box = new Picture.Box(Picture.MARGIN + INDENT, y, "candidate", List.of(
                        "could be it: " + candidate.path(), candidate.format() + size + ", " + candidate.where()));
                links.add(Picture.Link.aside(missing, box, "candidate"));
                placed.add(box);
                y += box.height() + GAP / 2;
            }
        }
        return Picture.of(placed, links);
    }

    private static Picture.Box image(String path, String state, String referrer, boolean broken,
                                     ToIntFunction<String> users) {
        int sharing = users.applyAsInt(path);
        List<String> lines = new ArrayList<>(List.of(path, state, referrer));
        if (sharing > 1) {
            lines.add("shared by " + sharing + " guest disks");
        }
        return new Picture.Box(0, 0, "image" + (broken ? " broken" : "") + (sharing > 1 ? " shared" : ""), lines);
    }

    private static String source(String target, BackingChain chain) {
        return "source of " + target + (chain.pool() == null ? "" : ", in pool '" + chain.pool().name() + "'");
    }

    private static int lastIndexOf(List<ChainElement> elements, String path) {
        for (int i = elements.size() - 1; i >= 0; i--) {
            if (elements.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
