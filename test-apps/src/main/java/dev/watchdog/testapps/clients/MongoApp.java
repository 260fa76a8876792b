package dev.watchdog.testapps.clients;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.watchdog.testapps.Calls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The MongoDB sync driver (5.x) as applications use it: long-lived clients, one per connection
 * string. Kinds: {@code single} ({@code runCommand({ping: 1})} through a client of the first host
 * only) and {@code multi} ({@code find().first()} on a collection through a client of every host).
 * Server selection waits {@value #SELECTION_MS} ms (the driver's default is 30 s), so that a call the
 * agent does not reject ends soon, the driver's own way.
 *
 * <p>Usage: {@code MongoApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]}. The
 * first line, {@code LIB mongodb-driver-sync <version>}, says which driver ran.
 */
public final class MongoApp {

    public static final List<String> KINDS = List.of("single", "multi");
    public static final long SELECTION_MS = 1_500;

    private final MongoClient single;
    private final MongoClient multi;

    MongoApp(String hosts) {
        single = client(hosts.split(",")[0]);
        multi = client(hosts);
    }

    private static MongoClient client(String hosts) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + hosts + "/"))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(SELECTION_MS, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(1_000, TimeUnit.MILLISECONDS).readTimeout(1_000, TimeUnit.MILLISECONDS))
                .build());
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MongoApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        printLib();
        MongoApp app = new MongoApp(args[0]);
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.close();
    }

    static void printLib() {
        Calls.print("LIB mongodb-driver-sync " + com.mongodb.internal.build.MongoDriverVersion.VERSION
                + " " + MongoClient.class.getProtectionDomain().getCodeSource().getLocation());
    }

    void close() {
        single.close();
        multi.close();
    }

    Calls.Call call(String kind) {
        return switch (kind) {
            case "single" -> () -> single.getDatabase("admin").runCommand(new Document("ping", 1));
            case "multi" -> () -> multi.getDatabase("test").getCollection("orders").find().first();
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
