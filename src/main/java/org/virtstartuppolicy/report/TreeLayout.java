package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.host.Dependents;
import org.virtstartuppolicy.image.Assumptions;

/**
 * What uses a path, as a tree drawn left to right: the path asked about, then each image whose
 * backing file it is, then theirs, up to the guest disks at the leaves. Each level is a column as
 * wide as its widest box; each leaf has a row of its own, and a box sits level with the middle of
 * what uses it. A pure function of the dependents, so tests need no browser.
 */
final class TreeLayout {
    /** Between two columns: room for the links. */
    static final int COLUMN_GAP = 40;
    static final int ROW_GAP = 8;
    /** Every box has room for two lines, so that rows line up. */
    static final int BOX_HEIGHT = Picture.heightFor(2);

    private TreeLayout() {
    }

    /** A node of the tree: its box's kind and lines, and what uses it. */
    record Node(String kind, List<String> lines, List<Node> users) {
    }

    /** The tree from each path asked about up to every guest disk and image that uses it. */
    static Picture of(Dependents dependents) {
        List<Node> roots = new ArrayList<>();
        for (String asked : dependents.paths()) {
            Growing root = new Growing("asked", List.of(asked, "asked about"));
            for (Dependents.User user : dependents.guests()) {
                if (reaches(asked, user)) {
                    grow(root, asked, user.chain()).child("guest:" + user.guest() + " " + user.target(), "guest",
                            List.of("guest " + user.guest(), "disk " + user.target()));
                }
            }
            for (Dependents.User user : dependents.images()) {
                if (reaches(asked, user)) {
                    grow(root, asked, user.chain());
                }
            }
            roots.add(root.node());
        }
        return layout(roots);
    }

    /** Whether the user's chain ends under this path asked about (of several, each user is under one). */
    private static boolean reaches(String asked, Dependents.User user) {
        return Assumptions.covers(asked, user.chain().get(user.chain().size() - 1));
    }

    /** The chain, read upwards from what is under {@code asked}, as nodes; the node of its top image. */
    private static Growing grow(Growing root, String asked, List<String> chain) {
        Growing at = root;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String path = chain.get(i);
            if (i == chain.size() - 1 && path.equals(asked)) {
                continue; // the file asked about is the root itself
            }
            String uses = i == chain.size() - 1 ? "under " + asked
                    : "backed by " + chain.get(i + 1).substring(chain.get(i + 1).lastIndexOf('/') + 1);
            at = at.child(path, "image", List.of(path, uses));
        }
        return at;
    }

    /** Lays out trees, one below the other. */
    static Picture layout(List<Node> roots) {
        List<Integer> widths = new ArrayList<>();
        roots.forEach(root -> measure(root, 0, widths));
        List<Integer> columns = new ArrayList<>();
        int x = Picture.MARGIN;
        for (int width : widths) {
            columns.add(x);
            x += width + COLUMN_GAP;
        }
        List<Picture.Box> boxes = new ArrayList<>();
        List<Picture.Link> links = new ArrayList<>();
        int[] row = {0};
        for (Node root : roots) {
            place(root, 0, columns, widths, row, boxes, links);
        }
        return Picture.of(boxes, links);
    }

    private static void measure(Node node, int depth, List<Integer> widths) {
        if (widths.size() == depth) {
            widths.add(0);
        }
        widths.set(depth, Math.max(widths.get(depth), Picture.widthFor(node.lines())));
        node.users().forEach(user -> measure(user, depth + 1, widths));
    }

    /** Places a node after what uses it (leaves take the next row); returns its box. */
    private static Picture.Box place(Node node, int depth, List<Integer> columns, List<Integer> widths, int[] row,
                                     List<Picture.Box> boxes, List<Picture.Link> links) {
        List<Picture.Box> users = new ArrayList<>();
        for (Node user : node.users()) {
            users.add(place(user, depth + 1, columns, widths, row, boxes, links));
        }
        int y = users.isEmpty() ? Picture.MARGIN + row[0]++ * (BOX_HEIGHT + ROW_GAP)
                : (users.get(0).y() + users.get(users.size() - 1).y()) / 2;
        Picture.Box box = new Picture.Box(columns.get(depth), y, widths.get(depth), BOX_HEIGHT, node.kind(), node.lines());
        boxes.add(box);
        users.forEach(user -> links.add(Picture.Link.across(box, user, "use")));
        return box;
    }

    /** A node while the tree grows, its users kept once each by a key. */
    private static final class Growing {
        private final String kind;
        private final List<String> lines;
        private final Map<String, Growing> users = new LinkedHashMap<>();

        Growing(String kind, List<String> lines) {
            this.kind = kind;
            this.lines = lines;
        }

        Growing child(String key, String childKind, List<String> childLines) {
            return users.computeIfAbsent(key, k -> new Growing(childKind, childLines));
        }

        Node node() {
            return new Node(kind, lines, users.values().stream().map(Growing::node).toList());
        }
    }
}
