package org.virtstartuppolicy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.chrome.ChromeDriver;
import org.virtstartuppolicy.Chromium;

/**
 * How long Debian's headless Chromium takes over a page (src/test/bench/html.sh): for each page
 * given, ROUNDS loads in one browser, each timed by the page's own clock from the start of the
 * navigation: to its load event, to the first frame drawn after it (the page as a person first
 * sees it), and then how long opening every guest and drawing that takes. Prints the median
 * of each, with the page's size.
 *
 * <p>Usage: {@code HtmlPageBenchmark ROUNDS NAME=PAGE…}
 */
public final class HtmlPageBenchmark {
    private static final String FRAME = "var done = arguments[arguments.length - 1];"
            + " requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));";
    private static final String OPEN_ALL = "var done = arguments[arguments.length - 1]; var start = performance.now();"
            + " document.querySelectorAll('details').forEach(d => d.open = true); document.body.offsetHeight;"
            + " requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));";

    private HtmlPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        System.out.printf(Locale.ROOT, "%-44s %9s %9s %11s %14s%n", "page", "MB", "load ms", "drawn ms", "all opened ms");
        try (Chromium chromium = Chromium.start(1280, 1000)) {
            ChromeDriver driver = chromium.driver();
            for (int i = 1; i < args.length; i++) {
                String name = args[i].substring(0, args[i].indexOf('='));
                Path page = Path.of(args[i].substring(name.length() + 1)).toAbsolutePath();
                List<Double> load = new ArrayList<>();
                List<Double> drawn = new ArrayList<>();
                List<Double> opened = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    driver.get("about:blank");
                    driver.get(page.toUri().toString());
                    load.add(((Number) driver.executeScript(
                            "return performance.getEntriesByType('navigation')[0].loadEventEnd")).doubleValue());
                    drawn.add(((Number) driver.executeAsyncScript(FRAME)).doubleValue());
                    opened.add(((Number) driver.executeAsyncScript(OPEN_ALL)).doubleValue());
                }
                System.out.printf(Locale.ROOT, "%-44s %9.2f %9.0f %11.0f %14.0f%n", name, Files.size(page) / 1e6,
                        median(load), median(drawn), median(opened));
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
