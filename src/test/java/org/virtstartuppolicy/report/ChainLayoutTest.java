package org.virtstartuppolicy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.image.AccessError;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.Candidate;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;
import org.virtstartuppolicy.image.ProblemKind;

class ChainLayoutTest {
    private static final String TOP = "/var/lib/libvirt/images/web1.qcow2";
    private static final String MID = "/mnt/templates/mid.qcow2";
    private static final String BASE = "/mnt/templates/base.raw";

    private static ChainElement present(String path, String format, String backing, String backingFormat) {
        return new ChainElement(path, format, backing, backing, backingFormat, null, true, 1L << 30);
    }

    private static ChainElement absent(String path) {
        return new ChainElement(path, null, null, null, null, null, false, null);
    }

    private static ChainProblem missing(String path, String referrer, List<Candidate> candidates) {
        return new ChainProblem(ProblemKind.MISSING, path, referrer, AccessError.ENOENT, "qcow2",
                "Cannot access backing file '" + path + "'", null, candidates);
    }

    private static List<Picture.Box> kind(Picture picture, String kind) {
        return picture.boxes().stream().filter(box -> List.of(box.kind().split(" ")).contains(kind)).toList();
    }

    @Test
    void aWholeChainIsOneBoxPerImageTopFirstEachOverTheNextWithAnArrowBetween() {
        BackingChain chain = new BackingChain(List.of(present(TOP, "qcow2", MID, "qcow2"), present(MID, "qcow2", BASE, "raw"),
                present(BASE, "raw", null, null)), null);
        Picture picture = ChainLayout.of("vda", chain, path -> 1);

        List<Picture.Box> images = kind(picture, "image");
        assertEquals(3, images.size());
        assertEquals(List.of(TOP, MID, BASE), images.stream().map(box -> box.lines().get(0)).toList());
        assertEquals(List.of("qcow2 · present", "source of vda"), images.get(0).lines().subList(1, 3));
        assertEquals("backing file of mid.qcow2", images.get(2).lines().get(2), "who refers to it");
        for (int i = 1; i < images.size(); i++) {
            assertTrue(images.get(i).y() >= images.get(i - 1).y() + images.get(i - 1).height() + ChainLayout.GAP,
                    "each under the one that refers to it, room for the arrow");
        }
        assertEquals(2, picture.links().size());
        assertTrue(kind(picture, "broken").isEmpty());
    }

    @Test
    void theMissingLayerIsMarkedAndTheFilesThatCouldBeItAreSetInUnderIt() {
        Candidate back = new Candidate(MID + ".back", "qcow2", 1L << 30, "in the same folder",
                "qemu-img rebase -u -F qcow2 -b '" + MID + ".back' '" + TOP + "'");
        BackingChain chain = new BackingChain(List.of(present(TOP, "qcow2", MID, "qcow2"), absent(MID)),
                missing(MID, TOP, List.of(back)));
        Picture picture = ChainLayout.of("vda", chain, path -> 1);

        assertEquals(2, kind(picture, "image").size(), "one box per chain element");
        List<Picture.Box> broken = kind(picture, "broken");
        assertEquals(1, broken.size());
        assertEquals(List.of(MID, "expected qcow2 · missing", "backing file of web1.qcow2"), broken.get(0).lines());
        List<Picture.Box> candidates = kind(picture, "candidate");
        assertEquals(1, candidates.size());
        assertEquals("could be it: " + MID + ".back", candidates.get(0).lines().get(0));
        assertTrue(candidates.get(0).y() > broken.get(0).y() && candidates.get(0).x() > broken.get(0).x(),
                "under the missing file, set in");
        assertEquals(1, picture.links().stream().filter(link -> "candidate".equals(link.kind())).count());
    }

    @Test
    void anImageInTheChainsOfSeveralDisksIsShownAsShared() {
        BackingChain chain = new BackingChain(List.of(present(TOP, "qcow2", BASE, "raw"), present(BASE, "raw", null, null)),
                null);
        Picture picture = ChainLayout.of("vda", chain, path -> Map.of(BASE, 4).getOrDefault(path, 1));

        List<Picture.Box> shared = kind(picture, "shared");
        assertEquals(1, shared.size());
        assertEquals(BASE, shared.get(0).lines().get(0));
        assertEquals("shared by 4 guest disks", shared.get(0).lines().get(3));
    }

    @Test
    void whatFailedOutsideTheChainGetsABoxOfItsOwnMarked() {
        BackingChain chain = new BackingChain(List.of(), new ChainProblem(ProblemKind.POOL_MISSING, "web1.qcow2", null, null,
                null, "Storage pool not found: no storage pool with matching name 'gone'"));
        Picture picture = ChainLayout.of("vda", chain, path -> 0);

        assertEquals(1, picture.boxes().size());
        assertEquals(List.of("web1.qcow2", "pool-missing", "source of vda"), kind(picture, "broken").get(0).lines());
    }

    @Test
    void everyBoxIsWideEnoughForItsLongestLineAndThePictureHoldsEveryBox() {
        String deep = "/srv/" + "very-long-folder-name/".repeat(8) + "top.qcow2";
        BackingChain chain = new BackingChain(List.of(present(deep, "qcow2", BASE, "raw"), absent(BASE)),
                missing(BASE, deep, List.of()));
        Picture picture = ChainLayout.of("vda", chain, path -> 1);

        for (Picture.Box box : picture.boxes()) {
            for (String line : box.lines()) {
                assertTrue(line.length() * Picture.CHAR_WIDTH + 2 * Picture.PADDING <= box.width(), line);
            }
            assertTrue(box.x() + box.width() <= picture.width() && box.y() + box.height() <= picture.height());
        }
        assertEquals(picture.boxes().get(0).width(), picture.boxes().get(1).width(), "a chain's boxes line up");
    }
}
