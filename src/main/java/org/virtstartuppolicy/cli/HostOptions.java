package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import org.virtstartuppolicy.evaluation.HostSelection;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that say which host is inspected and as whom; shared by the commands that read images. */
final class HostOptions {
    @Option(names = "--root", paramLabel = "DIR",
            description = "Look every absolute path (images, /etc for QEMU's account, libvirt's pool files) up under DIR:"
                    + " a host's file system mounted elsewhere.")
    private Path root;

    @Option(names = "--as-user", paramLabel = "UID:GID", converter = UidGid.class,
            description = "Judge file access for this user and group instead of QEMU's configured account,"
                    + " e.g. 64055:64055.")
    private String asUser;

    /** Checked as the command line is parsed, so that a typo is told before anything else is read. */
    static final class UidGid implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("\\d+:\\d+")) {
                throw new TypeConversionException("'" + value + "' is not UID:GID, e.g. 64055:64055");
            }
            return value;
        }
    }

    /** The host these options select; a --root that is not a folder is an error. */
    HostSelection selection() {
        return new HostSelection(root, asUser);
    }
}
