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

    @Option(names = "--as-user", paramLabel = "USER[:GROUP]", converter = UserGroup.class,
            description = "Judge file access for this user and group instead of QEMU's configured account: names or"
                    + " IDs, as qemu.conf takes them (libvirt-qemu, qemu:kvm, 64055:64055); without a group, the user's"
                    + " primary group.")
    private String asUser;

    /** Checked as the command line is parsed, so that a typo is told before anything else is read. */
    static final class UserGroup implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[^:\\s]+(:[^:\\s]+)?")) {
                throw new TypeConversionException("'" + value + "' is not USER or USER:GROUP, e.g. libvirt-qemu or"
                        + " 64055:64055");
            }
            return value;
        }
    }

    /** The host these options select; a --root that is not a folder is an error. */
    HostSelection selection() {
        return new HostSelection(root, asUser);
    }
}
