package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** amqp:// check URLs: the kind, the covered host, errors naming the key, the password never shown. */
class AmqpCheckConfigTest {

    @TempDir
    Path dir;

    private ConfigResult load(String content) throws IOException {
        Files.writeString(dir.resolve("watchdog.properties"), content, StandardCharsets.UTF_8);
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        return ConfigLoader.load(null, new HashMap<>(), sys);
    }

    @Test
    void amqpUrlIsAnAmqpCheckOfItsHost() throws IOException {
        ConfigResult r = load("watchdog.target.mq.check=amqp://app:s3cret@Broker.Local/orders\n"
                + "watchdog.target.mq2.check=amqp://10.0.0.5:5673\n");
        assertTrue(r.ok(), r.errors().toString());
        TargetConfig mq = r.config().targets().stream().filter(t -> t.name().equals("mq")).findFirst().orElseThrow();
        assertEquals(CheckKind.AMQP, mq.kind());
        assertEquals(List.of("broker.local:5672"), mq.hosts());
        TargetConfig mq2 = r.config().targets().stream().filter(t -> t.name().equals("mq2")).findFirst().orElseThrow();
        assertEquals(List.of("10.0.0.5:5673"), mq2.hosts());
    }

    @Test
    void theCheckUrlIsShownWithoutItsPassword() {
        assertEquals("amqp://app:***@broker:5672/orders", dev.watchdog.agent.hosts.Secrets.redact("amqp://app:s3cret@broker:5672/orders"));
        assertEquals("amqp://app:***@broker", dev.watchdog.agent.hosts.Secrets.redact("amqp://app:p@ss/w0rd@broker"));
    }

    @Test
    void badAmqpUrlsNameTheKeyAndHideThePassword() throws IOException {
        ConfigResult r = load("watchdog.target.mq.check=amqp://app:s3cret@:5672/\n"
                + "watchdog.target.mq2.check=amqp://app:s3cret@broker/a/b\n");
        assertEquals(2, r.errors().size(), r.errors().toString());
        String first = r.errors().get(0).toString();
        String second = r.errors().get(1).toString();
        assertTrue(first.startsWith("watchdog.target.mq.check (line 1): ") && first.contains("has no valid host"), first);
        assertTrue(second.startsWith("watchdog.target.mq2.check (line 2): ") && second.contains("%2F"), second);
        assertFalse((first + second).contains("s3cret"), first + second);
    }
}
