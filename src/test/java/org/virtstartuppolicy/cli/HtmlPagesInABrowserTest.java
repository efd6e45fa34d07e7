package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.virtstartuppolicy.Chromium;
import org.virtstartuppolicy.TestImages;

/**
 * The pages of {@code -o html}, opened in a real browser (Debian's headless Chromium): what they
 * show, that filtering and sorting work, that the chains are drawn box by box, and that a page asks
 * for nothing and logs no error. Skipped only where chromium or chromium-driver is not installed.
 * The pages and screenshots are left in target/html for a person to look at.
 */
class HtmlPagesInABrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PAGES = Path.of("target", "html");
    private static final String IMAGES = LibvirtHost.IMAGES;
    /** A guest whose name is markup, and whose disk's path has quotes: both must show as text. */
    private static final String MARKUP = "<script>";
    private static final String QUOTED = IMAGES + "/it's \"quoted\".qcow2";
    private static final String LOST_BASE = IMAGES + "/lost-base.qcow2";

    @TempDir
    static Path root;

    private static Chromium chromium;

    @BeforeAll
    static void hostAndBrowser() throws IOException {
        assumeTrue(Chromium.installed(), "Debian's chromium and chromium-driver are not installed");
        LibvirtHost host = LibvirtHost.under(root);
        host.guest(MARKUP, QUOTED, "optional");
        // lost: its base was renamed, and the old name's file could be it
        TestImages.qcow2(host.at(LOST_BASE + ".old"), LibvirtHost.TEMPLATES + "/base.raw", "raw");
        TestImages.qcow2(host.at(IMAGES + "/lost.qcow2"), LOST_BASE, "qcow2");
        host.guest("lost", IMAGES + "/lost.qcow2", null);
        Files.createDirectories(PAGES);
        chromium = Chromium.start(1280, 1000);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static CommandRun run(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(1, List.of("--root", root.toString(), "--as-user", "0:0"));
        return CommandRun.of(command.toArray(String[]::new));
    }

    /** Writes the page a command prints and opens it; the page made no request and logged no error. */
    private static ChromeDriver open(String name, CommandRun run) throws IOException {
        assertTrue(run.out().startsWith("<!DOCTYPE html>"), run.err() + run.out());
        Path page = Files.writeString(PAGES.resolve(name), run.out());
        ChromeDriver driver = chromium.driver();
        chromium.console(); // what an earlier page logged is that page's
        driver.get(page.toUri().toString());
        assertEquals(0L, driver.executeScript("return performance.getEntriesByType('resource').length"),
                name + " asks for nothing");
        List<LogEntry> errors = chromium.console().stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING
                .intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), name + ": the console");
        return driver;
    }

    private static List<WebElement> shownGuests(ChromeDriver driver) {
        return driver.findElements(By.cssSelector(".guest")).stream().filter(WebElement::isDisplayed).toList();
    }

    /** The whole page as a picture: the window made as tall as the page for it, then as it was. */
    private static void screenshot(ChromeDriver driver, String name) throws IOException {
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 140));
        Files.write(PAGES.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(window);
    }

    @Test
    void theHostPageShowsEveryGuestAndEveryMissingPathAndFiltersByOutcome() throws IOException {
        JsonNode document = JSON.readTree(run("host", "-o", "json").out());
        ChromeDriver driver = open("host.html", run("host", "-o", "html"));

        List<String> names = driver.findElements(By.cssSelector(".guest .name")).stream().map(WebElement::getText).toList();
        List<String> expected = new ArrayList<>();
        document.get("guests").forEach(guest -> expected.add(guest.get("name").asText()));
        assertEquals(expected, names);
        assertTrue(names.contains(MARKUP), "a name that is markup shows as text");
        assertEquals(1L, driver.executeScript("return document.scripts.length"), "only the page's own script");
        String text = (String) driver.executeScript("return document.querySelector('main').textContent");
        List<String> missing = new ArrayList<>();
        document.get("guests").forEach(guest -> guest.path("disks").forEach(disk -> {
            if (disk.path("problem").path("kind").asText().equals("missing")) {
                missing.add(disk.get("problem").get("path").asText());
            }
        }));
        assertEquals(List.of(QUOTED, LOST_BASE), missing);
        missing.forEach(path -> assertTrue(text.contains(path), path + " on the page"));

        JsonNode summary = document.get("summary");
        assertEquals(summary.get("guests").asInt(), shownGuests(driver).size());
        driver.findElement(By.cssSelector("label[for=show-fails]")).click();
        List<WebElement> failing = shownGuests(driver);
        assertEquals(summary.get("fail").asInt(), failing.size());
        assertTrue(failing.stream().allMatch(row -> row.getAttribute("class").contains("fails")));
        driver.findElement(By.cssSelector("label[for=show-loses]")).click();
        assertEquals(summary.get("loseADiskOrMedium").asInt(), shownGuests(driver).size());
        driver.findElement(By.cssSelector("label[for=show-all]")).click();
        assertEquals(summary.get("guests").asInt(), shownGuests(driver).size(), "all shown again");
    }

    @Test
    void aChainIsDrawnOneBoxPerImageWithTheMissingOneMarkedAndWhatCouldBeItUnderIt() throws IOException {
        JsonNode lost = null;
        for (JsonNode guest : JSON.readTree(run("host", "-o", "json").out()).get("guests")) {
            lost = guest.get("name").asText().equals("lost") ? guest : lost;
        }
        JsonNode disk = lost.get("disks").get(0);
        ChromeDriver driver = open("host.html", run("host", "-o", "html"));
        WebElement row = driver.findElements(By.cssSelector(".guest")).stream()
                .filter(guest -> guest.findElement(By.cssSelector(".name")).getText().equals("lost")).findFirst().orElseThrow();
        WebElement svg = row.findElement(By.cssSelector(".disk svg"));
        assertFalse(svg.isDisplayed(), "a guest's disks show when it is opened");
        row.findElement(By.tagName("summary")).click();
        assertTrue(svg.isDisplayed());

        List<WebElement> images = svg.findElements(By.cssSelector("g.image"));
        assertEquals(disk.get("chain").size(), images.size(), "one box per chain element");
        List<WebElement> broken = svg.findElements(By.cssSelector("g.image.broken"));
        assertEquals(1, broken.size());
        assertEquals(LOST_BASE, broken.get(0).findElement(By.tagName("text")).getText());
        assertEquals(images.get(images.size() - 1), broken.get(0), "the chain ends where it breaks");
        assertEquals(disk.get("problem").get("candidates").size(), svg.findElements(By.cssSelector("g.candidate")).size());
        assertTrue(row.getText().contains(disk.get("problem").get("candidates").get(0).get("command").asText()),
                "the command that would put it back");
        screenshot(driver, "host.png");
    }

    @Test
    void theGuestsSortByAColumnEachWayRound() throws IOException {
        ChromeDriver driver = open("host.html", run("host", "-o", "html"));
        WebElement name = driver.findElement(By.cssSelector(".head > span:first-child"));
        name.click();
        List<String> ascending = names(driver);
        List<String> sorted = new ArrayList<>(ascending);
        Comparator<String> byName = Comparator.comparing((String guest) -> guest.toLowerCase(java.util.Locale.ROOT));
        sorted.sort(byName);
        assertEquals(sorted, ascending);
        name.click();
        sorted.sort(byName.reversed());
        assertEquals(sorted, names(driver), "the other way round");
        driver.findElement(By.cssSelector(".head [data-key=rank]")).click();
        List<Integer> ranks = driver.findElements(By.cssSelector(".guest")).stream()
                .map(row -> Integer.parseInt(row.getAttribute("data-rank"))).toList();
        List<Integer> byRank = new ArrayList<>(ranks);
        byRank.sort(null);
        assertEquals(byRank, ranks, "whole first, then losing, failing, not decided");
    }

    private static List<String> names(ChromeDriver driver) {
        return driver.findElements(By.cssSelector(".guest .name")).stream().map(WebElement::getText).toList();
    }

    @Test
    void withAssumptionsWhatChangesComesFirstEachDiskTodayAndAssumed() throws IOException {
        String mid = LibvirtHost.TEMPLATES + "/mid.qcow2";
        ChromeDriver driver = open("host-assumed.html", run("host", "-o", "html", "--assume-missing", mid));

        List<WebElement> sections = driver.findElements(By.cssSelector("main > section"));
        assertEquals("changes", sections.get(0).getAttribute("class"), "what changes is shown first");
        List<WebElement> changes = driver.findElements(By.cssSelector(".changes tbody tr"));
        assertEquals(4, changes.size(), "web1, web2, db and saved lose their template");
        assertTrue(changes.get(0).getText().matches("\\S+ vda keep fail .*" + mid + ".*"), changes.get(0).getText());
        WebElement beforeAfter = driver.findElement(By.cssSelector(".before-after"));
        beforeAfter.findElement(By.tagName("summary")).click();
        List<WebElement> pictures = beforeAfter.findElements(By.tagName("svg"));
        assertEquals(2, pictures.size(), "today and assumed");
        assertEquals(0, pictures.get(0).findElements(By.cssSelector(".broken")).size());
        assertEquals(1, pictures.get(1).findElements(By.cssSelector(".broken")).size());
        driver.findElement(By.cssSelector("label[for=show-changed]")).click();
        assertEquals(4, shownGuests(driver).size());
    }

    @Test
    void theDependentsPageIsTheTreeFromThePathUpToEveryGuestDiskUsingIt() throws IOException {
        JsonNode document = JSON.readTree(run("dependents", "-o", "json", LibvirtHost.TEMPLATES).out());
        ChromeDriver driver = open("dependents.html", run("dependents", "-o", "html", LibvirtHost.TEMPLATES));

        WebElement tree = driver.findElement(By.cssSelector("svg"));
        assertEquals(document.get("guests").size(), tree.findElements(By.cssSelector("g.guest")).size());
        assertEquals(document.get("paths").get(0).asText(), tree.findElement(By.cssSelector("g.asked text")).getText());
        String text = tree.getText();
        document.get("images").forEach(image -> assertTrue(text.contains(image.get("path").asText()), image.toString()));
        assertTrue(driver.findElement(By.cssSelector(".broken")).getText().contains(MARKUP), "broken before it");
    }

    @Test
    void theExplainPageIsATimelinePerGuestOfItsDecisions() throws IOException {
        Path log = root.resolve("decisions.jsonl");
        run("host", "--decision-log", log.toString());
        run("host", "--decision-log", log.toString());
        ChromeDriver driver = open("explain.html", CommandRun.of("explain", "--decision-log", log.toString(), "-o", "html"));

        List<WebElement> guests = driver.findElements(By.cssSelector(".guest-log"));
        assertTrue(guests.stream().anyMatch(guest -> guest.findElement(By.tagName("h2")).getText().equals(MARKUP)));
        for (WebElement guest : guests) {
            assertEquals(2, guest.findElements(By.cssSelector(".timeline > li")).size(), "each guest decided twice");
        }
        WebElement lost = guests.stream().filter(guest -> guest.findElement(By.tagName("h2")).getText().equals("lost"))
                .findFirst().orElseThrow();
        String entry = lost.findElement(By.cssSelector(".timeline > li")).getText();
        assertTrue(entry.contains("manual") && entry.contains("cold-boot") && entry.contains("refused"), entry);
        assertTrue(entry.contains("missing: " + LOST_BASE), entry);
        assertTrue(entry.contains("rules sha256:") || entry.contains("rules "), entry);
        screenshot(driver, "explain.png");
    }

    @Test
    void theShippedExamplesHostPageWithItsGuestOpened() throws IOException {
        CommandRun run = CommandRun.of("host", "--root", "src/examples/classic/host", "-o", "html");
        assertEquals(1, run.exitCode(), run.err());
        ChromeDriver driver = open("classic-host.html", run);
        driver.findElement(By.cssSelector(".guest summary")).click();
        screenshot(driver, "classic-host.png");
    }

    @Test
    void aPageThatAskedForSomethingWouldBeCaught() throws IOException {
        // the checks above can fail: the same page, tampered with, asks for an image
        Path page = Files.writeString(PAGES.resolve("tampered.html"),
                run("host", "-o", "html").out().replace("<main>", "<main><img src=\"http://127.0.0.1:9/x.png\" alt=\"\">"));
        ChromeDriver driver = chromium.driver();
        chromium.console();
        driver.get(page.toUri().toString());
        assertTrue(chromium.console().stream().anyMatch(entry -> entry.getLevel() == Level.SEVERE
                && entry.getMessage().contains("Content Security Policy")), "the policy refused it, and said so");
    }
}
