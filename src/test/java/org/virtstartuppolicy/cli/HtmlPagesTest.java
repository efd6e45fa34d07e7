package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages as files, without a browser (HtmlPagesInABrowserTest opens them in one): every value
 * escaped, and a content security policy that lets in exactly the page's own style and script.
 */
class HtmlPagesTest {
    private static final Pattern POLICY = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");
    private static final Pattern INLINE = Pattern.compile("<(style|script)>(.*?)</\\1>", Pattern.DOTALL);

    @TempDir
    Path root;

    @BeforeEach
    void host() throws Exception {
        LibvirtHost host = LibvirtHost.under(root);
        host.guest("<script>alert(1)<\\script>", LibvirtHost.IMAGES + "/it's \"quoted\" & <b>.qcow2", "optional");
    }

    private CommandRun run(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(1, List.of("--root", root.toString(), "--as-user", "0:0"));
        return CommandRun.of(command.toArray(String[]::new));
    }

    @Test
    void aGuestsWarningsAreOnTheHostPage() {
        // its one disk is optional and its image is not there: removed, the guest keeps no hard disk
        String page = run("host", "-o", "html").out();
        assertTrue(page.contains("<p class=\"note\">warning: domain: every hard disk is removed (vda): the guest starts"
                + " with none and cannot boot from one</p>"), page);
    }

    @Test
    void aGuestNamedAsMarkupAndAPathWithQuotesAreWrittenAsText() {
        String page = run("host", "-o", "html").out();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;\\script&gt;"), page);
        assertFalse(page.contains("<script>alert"), "no markup of the guest's got through");
        assertTrue(page.contains("it's \"quoted\" &amp; &lt;b&gt;.qcow2"), "the path, as text");
        assertFalse(page.contains("<b>.qcow2"));
        assertEquals(1, page.split("<script", -1).length - 1, "the page's own script alone");
    }

    @Test
    void everyPageNamesItsInlineStyleAndScriptByTheirHashesAndLetsNothingElseIn() throws Exception {
        Path log = root.resolve("decisions.jsonl");
        run("host", "--decision-log", log.toString());
        for (CommandRun run : List.of(run("host", "-o", "html"), run("dependents", "-o", "html", LibvirtHost.TEMPLATES),
                CommandRun.of("explain", "--decision-log", log.toString(), "-o", "html"))) {
            String page = run.out();
            Matcher policy = POLICY.matcher(page);
            assertTrue(policy.find(), page);
            String csp = policy.group(1).replace("&#39;", "'");
            assertTrue(csp.startsWith("default-src 'none'; "), csp);
            Matcher inline = INLINE.matcher(page);
            int found = 0;
            while (inline.find()) {
                String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(inline.group(2).getBytes(StandardCharsets.UTF_8)));
                assertTrue(csp.contains(inline.group(1) + "-src 'sha256-" + hash + "'"), inline.group(1) + " in " + csp);
                found++;
            }
            assertTrue(found >= 1);
            assertFalse(Pattern.compile("\\s(src|href)=\"(?!#)").matcher(page).find(), "nothing to fetch, only links within");
        }
    }

    @Test
    void whatApplyWroteIsOnTheGuestsTimelineAmongItsDecisions() throws Exception {
        Path log = root.resolve("decisions.jsonl");
        run("host", "--decision-log", log.toString());
        Files.writeString(log, "{\"kind\":\"apply\",\"timestamp\":\"2000-01-01T00:00:00Z\",\"domain\":\"web1\","
                + "\"origin\":\"apply\",\"host\":\"kvm1\",\"changes\":[{\"target\":\"vda\",\"from\":null,"
                + "\"to\":\"optional\",\"rule\":\"Data disks are optional\",\"file\":\"site.drl\"}]}\n",
                StandardOpenOption.APPEND);
        CommandRun run = CommandRun.of("explain", "--decision-log", log.toString(), "--domain", "web1", "-o", "html");
        assertEquals(0, run.exitCode(), run.err());
        String web1 = run.out().substring(run.out().indexOf("<h2>web1</h2>"));
        int apply = web1.indexOf("<b>apply</b>");
        assertTrue(apply > 0 && apply < web1.indexOf("cold-boot"), "the apply of 2000 first, then the decision: " + web1);
        assertTrue(web1.contains("startupPolicy absent -&gt; &#39;optional&#39;")
                || web1.contains("startupPolicy absent -&gt; 'optional'"), web1);
    }
}
