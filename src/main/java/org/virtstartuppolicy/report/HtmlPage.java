package org.virtstartuppolicy.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The pages {@code -o html} prints: each one self-contained file, rendered by a template of
 * src/main/jte that the build compiled to a class (jte escapes every value a template writes). The
 * page's style, and on the host page its one script, are inline; its content security policy lets
 * nothing else in: no request of any kind, and only that style and script, named by their hashes.
 */
final class HtmlPage {
    private HtmlPage() {
    }

    /** Built on first use: only a page pays for it. */
    private static final class Templates {
        static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
                HtmlPage.class.getPackageName());
        static final String STYLE = resource("page.css");
        static final String SCRIPT = resource("page.js");
    }

    /**
     * What every page's head holds.
     *
     * @param policy the content security policy
     * @param script the page's script, or null for a page without one
     */
    record Head(String title, String policy, String style, String script) {
    }

    /** The head of a page with this title, with the script that sorts a table or without it. */
    static Head head(String title, boolean script) {
        String style = Templates.STYLE;
        String code = script ? Templates.SCRIPT : null;
        String policy = "default-src 'none'; style-src " + hash(style) + (code == null ? "" : "; script-src " + hash(code))
                + "; base-uri 'none'; form-action 'none'";
        return new Head(title, policy, style, code);
    }

    /** The page a template makes of its model. */
    static String render(String template, Object model) {
        StringOutput out = new StringOutput(64 * 1024);
        Templates.ENGINE.render(template, model, out);
        return out.toString();
    }

    /** A source in a policy: the SHA-256 of the exact text of an inline style or script. */
    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's " + name + " from the jar", e);
        }
    }
}
