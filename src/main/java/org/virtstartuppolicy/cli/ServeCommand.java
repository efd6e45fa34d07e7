package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.service.DecisionServer;
import org.virtstartuppolicy.service.PolicyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the decision service in the foreground: the config and the compiled rules stay in memory,"
                + " and decisions are answered over a Unix domain socket (HTTP/1.1; see the README for the API).",
                "Before each decision the config and every rule file in force are checked, and reloaded when they"
                        + " changed; rules that stop compiling are reported and the last good ones keep serving.",
                "Under systemd socket activation (StandardInput=socket) it serves the socket it is given."
                        + " Logs one line per event on standard error; stops on SIGTERM or SIGINT."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH", description = "The Unix domain socket to listen on (default: the"
            + " config's service.socket, else " + Config.Service.DEFAULT_SOCKET + "); created 0600, its folder 0700.")
    private Path socket;

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "The largest request body taken where no"
            + " domain XML is sent (default: the config's service.maxRequestBytes, else 1 MiB); a larger one is refused"
            + " with 413. A domain XML is taken up to limits.domainXmlBytes, as the hook takes it.")
    private Long maxRequestBytes;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Override
    public Integer call() throws InterruptedException {
        Path file = ConfigOption.locate(config);
        Config settings = ConfigReader.read(file);
        Config.Service service = settings.serviceSettings();
        PolicyService policy = new PolicyService(file, host.selection());
        DecisionServer server = DecisionServer.start(policy, socket != null ? socket : service.socketPath(),
                maxRequestBytes != null ? maxRequestBytes : service.requestLimit(), service.concurrencyLimit(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.join();
        return 0;
    }
}
