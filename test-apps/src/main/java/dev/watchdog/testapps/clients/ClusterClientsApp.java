package dev.watchdog.testapps.clients;

import dev.watchdog.testapps.Calls;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link MongoApp} and {@link KafkaApp} in one JVM, against the same host list (one child JVM serves
 * both clients' end-to-end test). Kinds: MongoApp's {@code single} and {@code multi}, KafkaApp's
 * {@code send} and {@code poll}.
 *
 * <p>Usage: {@code ClusterClientsApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]}.
 * The first lines, {@code LIB ...}, say which driver and client ran.
 */
public final class ClusterClientsApp {

    public static final List<String> KINDS = Stream.concat(MongoApp.KINDS.stream(), KafkaApp.KINDS.stream()).toList();

    private ClusterClientsApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ClusterClientsApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        MongoApp.printLib();
        KafkaApp.printLib();
        MongoApp mongo = new MongoApp(args[0]);
        KafkaApp kafka = new KafkaApp(args[0]);
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, MongoApp.KINDS.contains(kind) ? mongo.call(kind) : kafka.call(kind));
            }
        });
        mongo.close();
        kafka.close();
    }
}
