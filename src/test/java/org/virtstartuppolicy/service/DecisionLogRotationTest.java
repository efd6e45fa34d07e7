package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The running service's decision log rotated by the real {@code logrotate} with the package's
 * own configuration (src/deb/etc/logrotate, only its path changed): every decision after a
 * rotation lands at the configured path, none is lost, and {@code explain --all} reads them all
 * back, the compressed generation too.
 */
class DecisionLogRotationTest {
    private static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");

    @TempDir
    Path dir;

    @Test
    void aRotatedLogKeepsReceivingDecisionsAtTheConfiguredPathAndExplainAllReadsEveryGeneration() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(LOGROTATE), "no logrotate (apt-get install logrotate)");
        Assumptions.assumeTrue(QemuUser.current().uid() == 0, "the shipped configuration creates the log as root");
        Path log = dir.resolve("decisions.jsonl");
        Path rotation = Files.writeString(dir.resolve("logrotate.conf"), Files.readString(Path.of("src/deb/etc/logrotate"))
                .replace("/var/log/virt-startup-policy/decisions.jsonl", log.toString()));
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid()
                + "}\ndecisionLog: " + log + "\n");
        Path present = TestImages.raw(dir.resolve("system.raw"));
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"));

        try (RunningService service = RunningService.start(config, dir.resolve("run/socket"))) {
            decide(service, xml, 3);
            rotate(rotation);
            assertEquals(3, lines(dir.resolve("decisions.jsonl.1")), "the first generation moved aside whole");
            decide(service, xml, 2);
            assertEquals(2, lines(log), "decisions after the rotation go to the configured path");
            assertEquals(3, lines(dir.resolve("decisions.jsonl.1")), "none into the rotated file");

            rotate(rotation);
            assertEquals(3, gunzippedLines(dir.resolve("decisions.jsonl.2.gz")), "compressed a cycle later (delaycompress)");
            assertEquals(2, lines(dir.resolve("decisions.jsonl.1")));
            decide(service, xml, 1);
            assertEquals(1, lines(log));

            Files.delete(log); // removed by hand: made again at the next decision
            decide(service, xml, 1);
            assertEquals(1, lines(log));
        }

        String[] all = explain("--all", "--decision-log", log.toString());
        assertEquals("0", all[0], all[2]);
        // 3 in .2.gz, 2 in .1, 1 in the log (the one before it was removed by hand went with it)
        assertEquals(6, all[1].lines().filter(l -> l.startsWith("  decision ")).count(), all[1]);
        assertEquals("", all[2]);
        String[] current = explain("--decision-log", log.toString());
        assertEquals(1, current[1].lines().filter(l -> l.startsWith("  decision ")).count());
        String[] none = explain("--all", "--decision-log", log.toString(), "--domain", "other");
        assertEquals("1", none[0]);
        assertEquals("virt-startup-policy: " + log + " and 2 rotated files: none of their 6 decisions matches --domain other\n",
                none[2]);
    }

    private static void decide(RunningService service, String xml, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ServiceClient.Response answer = service.post("/v1/decisions", xml);
            assertEquals(200, answer.status(), answer.text());
        }
    }

    /** A forced rotation, as the weekly one does it (its own state file, so the host's is not touched). */
    private void rotate(Path rotation) throws IOException, InterruptedException {
        Process run = new ProcessBuilder(LOGROTATE.toString(), "--force", "--state", dir.resolve("logrotate.state").toString(),
                rotation.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0, "logrotate failed: " + out);
    }

    private static long lines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        lines.forEach(line -> assertTrue(line.startsWith("{\"decisionId\":") && line.endsWith("}"), line));
        return lines.size();
    }

    private static long gunzippedLines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
    }

    /** explain in this JVM: its exit code, standard output and standard error. */
    private static String[] explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "explain";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(command);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
