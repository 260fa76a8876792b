package dev.watchdog.agent.instrument.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.watchdog.agent.instrument.reactornetty.ReactorNettyInstrumentation;
import org.junit.jupiter.api.Test;

/**
 * The names the Netty and Reactor Netty hooks may match: Netty's pipeline head in every shaded copy, nothing
 * beside it (gRPC's copy passes the name pre-filter, its matcher then leaves it to the gRPC hook).
 */
class NettyTypeNamesTest {

    @Test
    void everyCopyOfThePipelineHeadAndBothProviders() {
        NettyInstrumentation netty = new NettyInstrumentation();
        for (String name : new String[] {"io.netty.channel.DefaultChannelPipeline$HeadContext",
            "io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline$HeadContext",
            "com.couchbase.client.core.deps.io.netty.channel.DefaultChannelPipeline$HeadContext"}) {
            assertTrue(netty.typeNames().mayMatch(name), name);
        }
        for (String name : new String[] {"io.netty.channel.DefaultChannelPipeline", "io.netty.channel.DefaultChannelPipeline$TailContext",
            "io.netty.bootstrap.Bootstrap", "org.jboss.netty.channel.DefaultChannelPipeline"}) {
            assertFalse(netty.typeNames().mayMatch(name), name);
        }
        ReactorNettyInstrumentation reactor = new ReactorNettyInstrumentation();
        assertTrue(reactor.typeNames().mayMatch("reactor.netty.resources.PooledConnectionProvider"));
        assertTrue(reactor.typeNames().mayMatch("reactor.netty.resources.NewConnectionProvider"));
        assertFalse(reactor.typeNames().mayMatch("reactor.netty.resources.ConnectionProvider"));
    }
}
