package org.virtstartuppolicy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.image.Assumptions;
import picocli.CommandLine.Option;

/** {@code --assume-missing PATH} and {@code --assume-present PATH}: decide as if files were gone, or there. */
final class WhatIfOptions {
    @Option(names = "--assume-missing", paramLabel = "PATH", description = "Decide as if PATH were gone, without"
            + " touching it: a file, or a folder (or any PATH ending in /) for everything under it; repeatable.")
    private List<String> missing = new ArrayList<>();

    @Option(names = "--assume-present", paramLabel = "PATH", description = "Decide as if PATH were there (a whole image"
            + " the chain ends at), without touching it; a folder or a PATH ending in / for everything under it;"
            + " repeatable.")
    private List<String> present = new ArrayList<>();

    /** The assumptions, a folder on the host written with its trailing / so that it stands for what is under it. */
    Assumptions assumptions(HostSelection host) {
        return new Assumptions(new Paths("--assume-missing", host).of(missing), new Paths("--assume-present", host).of(present));
    }

    /** Host paths as given on the command line: absolute, folded, a folder with its trailing /. */
    record Paths(String option, HostSelection host) {
        List<String> of(List<String> given) {
            List<String> paths = new ArrayList<>();
            for (String path : given) {
                if (!path.startsWith("/")) {
                    throw new ToolError(option + " " + path + ": a host path must be absolute");
                }
                String normal = Path.of(path).normalize().toString();
                boolean folder = path.endsWith("/") || Files.isDirectory(host.fileSystem().resolve(normal.substring(1)));
                paths.add(folder && !normal.equals("/") ? normal + "/" : normal);
            }
            return paths;
        }
    }
}
