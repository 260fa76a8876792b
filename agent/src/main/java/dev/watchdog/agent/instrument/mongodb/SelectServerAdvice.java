package dev.watchdog.agent.instrument.mongodb;

import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterSettings;
import com.mongodb.connection.ServerDescription;
import com.mongodb.internal.connection.Cluster;
import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.HostGroups;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the MongoDB driver's {@code Cluster#selectServer(selector, operationContext)}: while every
 * host of the client's cluster is open, the selection fails at once with the {@link MongoTimeoutException}
 * it would throw after {@code serverSelectionTimeoutMS}, carrying the agent's message. The hosts are the
 * client's seed list (none for mongodb+srv, whose seeds come from DNS) and every server the client has
 * discovered so far (replica-set members, mongos): all of them must be open, so a member the seed list
 * does not name keeps the client's calls going. Nothing is asked of the network. A half-open host lets the selection through without a trial permit: the driver connects
 * on its own monitor and pool threads.
 */
public final class SelectServerAdvice {

    private SelectServerAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static MongoTimeoutException enter(@Advice.This Cluster cluster) {
        if (!Gate.anyOpen()) {
            return null;
        }
        ClusterSettings settings = cluster.getSettings();
        List<ServerAddress> seeds = settings.getSrvHost() == null ? settings.getHosts() : List.of();
        List<ServerDescription> known = cluster.getCurrentDescription().getServerDescriptions();
        String[] keys = new String[seeds.size() + known.size()];
        for (int i = 0; i < seeds.size(); i++) {
            keys[i] = Gate.key(seeds.get(i).getHost(), seeds.get(i).getPort());
        }
        for (int i = 0; i < known.size(); i++) {
            ServerAddress address = known.get(i).getAddress();
            keys[seeds.size() + i] = Gate.key(address.getHost(), address.getPort());
        }
        String message = HostGroups.rejectAll(keys, false);
        return message == null ? null : new MongoTimeoutException(message);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter MongoTimeoutException rejection, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (rejection != null) {
            thrown = rejection;
        }
    }
}
