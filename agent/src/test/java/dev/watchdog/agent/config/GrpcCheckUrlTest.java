package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.hosts.GrpcUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpc://host:port[/service]}: its kind, its host key, and errors that name the key. */
class GrpcCheckUrlTest {

    @TempDir
    Path dir;

    private ConfigResult load(String content) throws Exception {
        Path f = Files.writeString(dir.resolve("w.properties"), content);
        Properties sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
        return ConfigLoader.load(f, null, Map.of(), sys);
    }

    @Test
    void grpcTargetsParse() throws Exception {
        ConfigResult r = load("""
                watchdog.target.orders.check=grpc://Orders.Internal:50051/shop.Orders
                watchdog.target.all.check=grpc://[::1]:9090
                """);
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of(), r.warnings());
        TargetConfig orders = r.config().targets().stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
        assertEquals(CheckKind.GRPC, orders.kind());
        assertEquals(List.of("orders.internal:50051"), orders.hosts());
        TargetConfig all = r.config().targets().stream().filter(t -> t.name().equals("all")).findFirst().orElseThrow();
        assertEquals(List.of("[::1]:9090"), all.hosts());
        assertEquals("shop.Orders", GrpcUrls.service(orders.check()));
        assertEquals("", GrpcUrls.service(all.check()));
        assertEquals("", GrpcUrls.service("grpc://h:1/"));
    }

    @Test
    void badGrpcUrlsNameTheKey() throws Exception {
        ConfigResult r = load("""
                watchdog.target.a.check=grpc://orders
                watchdog.target.b.check=grpc://:50051/x
                watchdog.target.c.check=grpc://h:1
                watchdog.target.c.password=pw
                """);
        assertFalse(r.ok());
        assertEquals(List.of(
                "watchdog.target.a.check (line 1): \"grpc://orders\" has no port; expected grpc://host:port[/service]",
                "watchdog.target.b.check (line 2): \"grpc://:50051/x\" has no valid host; expected grpc://host:port[/service]"),
                r.errors().stream().map(Object::toString).toList());
        assertEquals(List.of("watchdog.target.c.password (line 4): only used by jdbc and redis checks; ignored"),
                r.warnings().stream().map(Object::toString).toList());
    }
}
