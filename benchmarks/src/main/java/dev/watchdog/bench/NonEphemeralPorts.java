package dev.watchdog.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports BELOW the kernel's ephemeral range. A client retrying a connect to a dead
 * port inside that range can be handed the very same port as its source and connect to itself
 * (TCP simultaneous open), which then occupies the port and looks like a live listener.
 */
public final class NonEphemeralPorts {

    private static final int LOWEST = 10_000;

    private NonEphemeralPorts() {
    }

    public static int free() {
        int high = ephemeralLow() - 1;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in " + LOWEST + ".." + high);
    }

    private static int ephemeralLow() {
        try {
            // readAllLines: Files.readString trusts the size procfs reports and reads a truncated file
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;   // the Linux default
        }
    }
}
