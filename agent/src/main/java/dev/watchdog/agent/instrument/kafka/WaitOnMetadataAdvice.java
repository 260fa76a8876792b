package dev.watchdog.agent.instrument.kafka;

import dev.watchdog.bootstrap.Gate;
import dev.watchdog.bootstrap.HostGroups;
import java.util.List;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.Metadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Inlined into {@code KafkaProducer#waitOnMetadata}: while every bootstrap server of the producer is
 * open, the wait fails at once with the {@link TimeoutException} it would end with after
 * {@code max.block.ms}, carrying the agent's message. {@code doSend} then does what it does with its own
 * metadata timeout: the callback (and the interceptors) get the exception on the caller's thread and
 * {@code send} returns a failed future; it never throws. {@code partitionsFor} throws it, as it would.
 * The servers are the producer's {@code bootstrap.servers} as given and every broker its metadata knows
 * so far (a volatile read of its cached cluster, no lock, no lookup): all of them must be open, so a
 * broker the bootstrap list does not name keeps the producer's sends going. A half-open server lets the call through without a trial permit: the producer's sender
 * thread connects.
 */
public final class WaitOnMetadataAdvice {

    private WaitOnMetadataAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static TimeoutException enter(@Advice.FieldValue("producerConfig") ProducerConfig config,
                                         @Advice.FieldValue("metadata") Metadata metadata) {
        if (!Gate.anyOpen()) {
            return null;
        }
        List<String> servers = config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        List<Node> nodes = metadata.fetch().nodes();
        String[] keys = new String[servers.size() + nodes.size()];
        for (int i = 0; i < servers.size(); i++) {
            String server = servers.get(i).trim();
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1) {
                return null;   // not host:port: the producer reports it at construction anyway
            }
            String host = server.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            keys[i] = Gate.key(host, Integer.parseInt(server.substring(colon + 1)));
        }
        for (int i = 0; i < nodes.size(); i++) {
            keys[servers.size() + i] = Gate.key(nodes.get(i).host(), nodes.get(i).port());
        }
        String message = HostGroups.rejectAll(keys, false);
        return message == null ? null : new TimeoutException(message);
    }
}
