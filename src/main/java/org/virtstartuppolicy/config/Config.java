package org.virtstartuppolicy.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.facts.StartContext;

/**
 * The YAML configuration ({@code config/virt-startup-policy.yaml} shows every key), as read: every
 * key is optional and null when absent; where the default is the config's own (a path, a
 * number of the service's), a method gives it. The evaluation turns these into what its stages use.
 *
 * @param qemu            the account QEMU runs as; absent: see {@link QemuUserLookup}
 * @param dynamicOwnership whether libvirt relabels images for QEMU; absent: {@code qemu.conf}'s
 *                        {@code dynamic_ownership}, on by default
 * @param chainDepthLimit the most elements a backing chain may have, or null for libvirt's
 * @param pools           storage pools by name, for {@code type='volume'} disks
 * @param decisionLog     the file the hook and the service append each decision to, or null for none
 * @param logEvaluate     whether {@code evaluate} logs there too (default no: a manual run is a dry
 *                        run unless it gives {@code --decision-log})
 * @param context         the start context when the command line gives none
 * @param rules           the rule files in force
 * @param site            free-form parameters the rules read through the {@code Site} fact
 * @param stateDir        where the libvirt hook keeps its notes from one call to the next
 * @param cacheDir        where rules compiled by earlier runs are kept
 * @param service         the resident decision service ({@code serve}) and whether the hook asks it
 * @param limits          how much of a domain the tool takes on (README, "Limits")
 * @param onError         what the hook does when the config or the rules in force do not read or
 *                        compile and no last good set of them was kept: {@code refuse} the start (the
 *                        default) or {@code allow} it untouched
 */
public record Config(Qemu qemu, Boolean dynamicOwnership, Integer chainDepthLimit, Map<String, Pool> pools, String decisionLog,
                     String context, Rules rules, Map<String, Object> site, String stateDir, String cacheDir,
                     Service service, Limits limits, Boolean logEvaluate, String onError) {

    public static final Config DEFAULTS = new Config(null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);

    /** The values {@code onError} takes. */
    public static final List<String> ON_ERROR = List.of("refuse", "allow");

    /**
     * Where compiled rules are kept when the config does not say: this system property if set
     * (the test run sets it, so that tests never write to the host's cache), else
     * {@link #DEFAULT_CACHE_DIR}.
     */
    public static final String CACHE_DIR_PROPERTY = "virt-startup-policy.cacheDir";
    public static final Path DEFAULT_CACHE_DIR = Path.of("/var/cache/virt-startup-policy");

    /** A config without {@code cacheDir} and {@code service}: every caller from before them. */
    public Config(Qemu qemu, Boolean dynamicOwnership, Integer chainDepthLimit, Map<String, Pool> pools, String decisionLog,
                  String context, Rules rules, Map<String, Object> site, String stateDir) {
        this(qemu, dynamicOwnership, chainDepthLimit, pools, decisionLog, context, rules, site, stateDir, null, null, null,
                null, null);
    }

    /**
     * How much of a domain the tool takes on; each is named in the error of what goes over it.
     *
     * @param domainXmlBytes the largest domain XML read (default 4 MiB)
     * @param disksPerDomain the most disks a domain may have (default 1024)
     * @param ruleFirings    the most rule firings for one domain before the rules are stopped (default 100,000)
     */
    public record Limits(Integer domainXmlBytes, Integer disksPerDomain, Integer ruleFirings) {
    }

    /**
     * The resident decision service.
     *
     * @param socket          the Unix domain socket {@code serve} listens on and the hook asks; when
     *                        set, {@code hook} asks the service first
     * @param fallback        when no service answers: decide in process (true, the default) or fail the start
     * @param maxRequestBytes the largest request body the service takes where no domain XML is sent
     *                        (default 1 MiB); a domain XML is taken up to {@code limits.domainXmlBytes}, as
     *                        every door takes one
     * @param maxConcurrentRequests how many requests the service answers at once; more wait their
     *                        turn (default 16)
     */
    public record Service(String socket, Boolean fallback, Long maxRequestBytes, Integer maxConcurrentRequests) {
        public static final String DEFAULT_SOCKET = "/run/virt-startup-policy/socket";
        public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;
        public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

        public Path socketPath() {
            return Path.of(socket == null ? DEFAULT_SOCKET : socket);
        }

        public boolean fallsBack() {
            return fallback == null || fallback;
        }

        public long requestLimit() {
            return maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        }

        public int concurrencyLimit() {
            return maxConcurrentRequests == null ? DEFAULT_MAX_CONCURRENT_REQUESTS : maxConcurrentRequests;
        }
    }

    /** The service settings, defaults when the config has none. */
    public Service serviceSettings() {
        return service == null ? new Service(null, null, null, null) : service;
    }

    /**
     * The rule files in force: the baseline (a folder; absent means the rules shipped in the jar)
     * and site rule files or folders, applied on top.
     */
    public record Rules(String baseline, List<String> site) {
    }

    /** QEMU's numeric user and group ids. */
    public record Qemu(@JsonProperty(required = true) Integer uid, @JsonProperty(required = true) Integer gid) {
    }

    /**
     * A storage pool, for a host where libvirt's own pool files cannot be read: its type (dir by
     * default), its target path, and whether it is running (by default it is).
     */
    public record Pool(String type, @JsonProperty(required = true) String path, Boolean active) {
    }

    public StartContext startContext() {
        return context == null ? StartContext.COLD_BOOT : StartContext.ofLabel(context);
    }

    public Path baselineRules() {
        return rules == null || rules.baseline == null ? null : Path.of(rules.baseline);
    }

    public List<Path> siteRules() {
        return rules == null || rules.site == null ? List.of() : rules.site.stream().map(Path::of).toList();
    }

    /** The same config with its relative paths taken from {@code folder}, where the config file is. */
    Config resolvedAgainst(Path folder) {
        Rules resolvedRules = rules == null ? null : new Rules(resolve(folder, rules.baseline),
                rules.site == null ? null : rules.site.stream().map(p -> resolve(folder, p)).toList());
        Service resolvedService = service == null ? null
                : new Service(resolve(folder, service.socket()), service.fallback(), service.maxRequestBytes(),
                        service.maxConcurrentRequests());
        return new Config(qemu, dynamicOwnership, chainDepthLimit, pools, resolve(folder, decisionLog), context, resolvedRules, site,
                resolve(folder, stateDir), resolve(folder, cacheDir), resolvedService, limits, logEvaluate, onError);
    }

    private static String resolve(Path folder, String path) {
        return path == null ? null : folder.resolve(path).toString();
    }

    /** Whether the hook lets a start go on untouched when it cannot read its config or rules and kept none that worked. */
    public boolean allowsOnError() {
        return "allow".equals(onError);
    }

    /** Whether {@code evaluate} appends to {@link #decisionLog} without being told. */
    public boolean evaluateLogs() {
        return Boolean.TRUE.equals(logEvaluate);
    }

    /** Where the libvirt hook keeps its notes: {@code stateDir}, else /run/virt-startup-policy. */
    public Path hookState() {
        return Path.of(stateDir == null ? "/run/virt-startup-policy" : stateDir);
    }

    /** Where compiled rules are kept: {@code cacheDir}, else /var/cache/virt-startup-policy. */
    public Path ruleCache() {
        if (cacheDir != null) {
            return Path.of(cacheDir);
        }
        String property = System.getProperty(CACHE_DIR_PROPERTY);
        return property == null || property.isBlank() ? DEFAULT_CACHE_DIR : Path.of(property);
    }
}
