package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtstartuppolicy.QemuImg;

/** Each format's header gives the guest's size of the disk, as {@code qemu-img info} reports it. */
class VirtualSizeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void qemuImg() {
        QemuImg.assumeInstalled();
    }

    @ParameterizedTest
    @EnumSource(RealImage.class)
    void theHeadersVirtualSizeIsQemuImgs(RealImage kind) throws Exception {
        Path image = kind.make(Files.createDirectories(dir.resolve(kind.name())));
        long want = new ObjectMapper().readTree(QemuImg.run("info", "--output=json", "-f", kind.format, "-U",
                image.toString())).get("virtual-size").asLong();
        ImageHeader header = ImageFormat.named(kind.format).parser().parse(ByteBuffer.wrap(RealImage.header(image)));
        assertEquals(want, header.virtualSize(), kind + ": " + image);
    }
}
