package org.virtstartuppolicy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.host.Dependents;

class TreeLayoutTest {
    private static final String BASE = "/mnt/templates/base.raw";
    private static final String MID = "/mnt/templates/mid.qcow2";

    private static Picture.Box box(Picture picture, String firstLine) {
        return picture.boxes().stream().filter(box -> box.lines().get(0).equals(firstLine)).findFirst().orElseThrow();
    }

    @Test
    void theTreeGoesFromThePathAskedAboutUpThroughEachImageToEveryGuestDiskThatUsesIt() {
        Dependents dependents = new Dependents(List.of(BASE), List.of(
                new Dependents.User("web1", "vda", "/images/web1.qcow2", List.of("/images/web1.qcow2", MID, BASE)),
                new Dependents.User("web2", "vda", "/images/web2.qcow2", List.of("/images/web2.qcow2", MID, BASE))),
                List.of(new Dependents.User(null, null, "/images/web1.qcow2", List.of("/images/web1.qcow2", MID, BASE)),
                        new Dependents.User(null, null, "/images/spare.qcow2", List.of("/images/spare.qcow2", BASE))),
                List.of());
        Picture picture = TreeLayout.of(dependents);

        // the root, mid, web1, web2, spare, and the two guest disks: an image shared by two users is one box
        assertEquals(7, picture.boxes().size());
        assertEquals(6, picture.links().size(), "a tree: one link to each box but the root");
        assertTrue(picture.links().stream().allMatch(link -> "use".equals(link.kind())), "lines, not arrows");
        Picture.Box root = box(picture, BASE);
        Picture.Box mid = box(picture, MID);
        Picture.Box web1 = box(picture, "/images/web1.qcow2");
        Picture.Box guest = box(picture, "guest web1");
        assertEquals("asked", root.kind());
        assertEquals("guest", guest.kind());
        assertEquals(List.of("guest web1", "disk vda"), guest.lines());
        assertTrue(root.x() < mid.x() && mid.x() < web1.x() && web1.x() < guest.x(), "left to right, from what is asked up");
        assertEquals(box(picture, "/images/web2.qcow2").x(), web1.x(), "a level is a column");
        assertEquals(box(picture, "/images/spare.qcow2").x(), mid.x());
        Picture.Box web2 = box(picture, "/images/web2.qcow2");
        assertEquals((web1.y() + web2.y()) / 2, mid.y(), "level with the middle of what uses it");
    }

    @Test
    void underAFolderAskedAboutTheFirstImageOfEachChainThereHangsFromIt() {
        Dependents dependents = new Dependents(List.of("/mnt/templates/"), List.of(
                new Dependents.User("db", "vdb", "/images/db.qcow2", List.of("/images/db.qcow2", MID))), List.of(), List.of());
        Picture picture = TreeLayout.of(dependents);

        assertEquals(List.of(MID, "under /mnt/templates/"), box(picture, MID).lines());
        assertEquals(List.of("/images/db.qcow2", "backed by mid.qcow2"), box(picture, "/images/db.qcow2").lines());
    }

    @Test
    void nothingUsingThePathIsTheRootAlone() {
        Picture picture = TreeLayout.of(new Dependents(List.of("/srv/other"), List.of(), List.of(), List.of()));
        assertEquals(1, picture.boxes().size());
        assertEquals(List.of("/srv/other", "asked about"), picture.boxes().get(0).lines());
        assertTrue(picture.links().isEmpty());
    }
}
