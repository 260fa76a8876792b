package dev.watchdog.agent.release;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This process's TCP connections, as Linux lists them: {@code /proc/self/net/tcp} and {@code tcp6} give
 * each socket's remote address, state and inode; {@code /proc/self/fd} maps inodes to this process's file
 * descriptors. Every connection is found, whichever client opened it and whenever (before the agent
 * started included, and Netty's native transports too), without recording anything on the call path.
 */
final class ProcSockets {

    private static final Path TCP = Path.of("/proc/self/net/tcp");
    private static final Path TCP6 = Path.of("/proc/self/net/tcp6");
    private static final Path FDS = Path.of("/proc/self/fd");
    /** ESTABLISHED and SYN_SENT: connections in use, and connects under way. */
    private static final Set<String> OPEN_STATES = Set.of("01", "02");

    private ProcSockets() {
    }

    static boolean available() {
        return Files.isReadable(TCP) && Files.isDirectory(FDS);
    }

    /** The file descriptors of this process's open connections to {@code addresses} on {@code port}, with their inodes. */
    static Map<Integer, String> descriptorsTo(Set<InetAddress> addresses, int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (Path table : List.of(TCP, TCP6)) {
            if (Files.isReadable(table)) {
                for (String line : Files.readAllLines(table)) {
                    String inode = inodeIfTo(line, addresses, port);
                    if (inode != null) {
                        inodes.add(inode);
                    }
                }
            }
        }
        Map<Integer, String> fds = new HashMap<>();
        if (inodes.isEmpty()) {
            return fds;
        }
        Map<String, Integer> byInode = socketDescriptors();
        for (String inode : inodes) {
            Integer fd = byInode.get(inode);
            if (fd != null) {
                fds.put(fd, inode);
            }
        }
        return fds;
    }

    /** Whether descriptor {@code fd} is still the socket {@code inode} (not closed and reused meanwhile). */
    static boolean stillSocket(int fd, String inode) {
        try {
            return Files.readSymbolicLink(FDS.resolve(Integer.toString(fd))).toString().equals("socket:[" + inode + "]");
        } catch (IOException closed) {
            return false;
        }
    }

    /** The inode of a table line whose remote end is one of the addresses and the port, in an open state; else null. */
    static String inodeIfTo(String line, Set<InetAddress> addresses, int port) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":") || !OPEN_STATES.contains(f[3])) {
            return null;
        }
        int colon = f[2].indexOf(':');
        if (colon < 0 || Integer.parseInt(f[2].substring(colon + 1), 16) != port) {
            return null;
        }
        InetAddress remote = address(f[2].substring(0, colon));
        return remote != null && addresses.contains(remote) ? f[9] : null;
    }

    /**
     * A kernel address in hex: IPv4 as one 32-bit word, IPv6 as four, each in the machine's byte order
     * (little-endian on the platforms this runs on). An IPv4-mapped IPv6 address is returned as IPv4.
     */
    static InetAddress address(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            return null;
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);   // ::ffff:a.b.c.d comes back as an Inet4Address
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** socket inode -> file descriptor, for this process's sockets. */
    private static Map<String, Integer> socketDescriptors() throws IOException {
        Map<String, Integer> byInode = new HashMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        byInode.put(target.substring(8, target.length() - 1), Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        }
        return byInode;
    }
}
