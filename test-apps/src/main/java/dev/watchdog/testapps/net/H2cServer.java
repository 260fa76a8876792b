package dev.watchdog.testapps.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * An HTTP server on a free loopback port that speaks both HTTP/1.1 and cleartext HTTP/2 with prior
 * knowledge: 200 {@code ok} for every path. For the clients that only speak HTTP/2
 * ({@code HttpAsyncClients.createHttp2Minimal()}), while the agent's checks use HTTP/1.1. HttpCore's
 * server does not tell the two apart on a cleartext connection, so a front port reads each connection's
 * first bytes: the HTTP/2 preface ({@code PRI * HTTP/2.0}) goes to HttpCore's HTTP/2 server, anything
 * else to a {@link SwitchableHttpServer}.
 */
public final class H2cServer implements AutoCloseable {

    private final HttpAsyncServer server;
    private final SwitchableHttpServer http1;
    private final ServerSocket front;
    private final int h2Port;

    private H2cServer(HttpAsyncServer server, int h2Port, SwitchableHttpServer http1, ServerSocket front) {
        this.server = server;
        this.h2Port = h2Port;
        this.http1 = http1;
        this.front = front;
        Thread accept = new Thread(this::acceptLoop, "h2c-front-" + front.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    public static H2cServer start() throws IOException {
        HttpAsyncServer server = H2ServerBootstrap.bootstrap()
                .setCanonicalHostName("127.0.0.1")
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2)
                .register("*", new AsyncServerRequestHandler<Message<HttpRequest, Void>>() {
                    @Override
                    public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(HttpRequest request, EntityDetails entity,
                                                                                    HttpContext context) {
                        return new BasicRequestConsumer<>(entity == null ? null : new DiscardingEntityConsumer<>());
                    }

                    @Override
                    public void handle(Message<HttpRequest, Void> message, ResponseTrigger trigger, HttpContext context)
                            throws org.apache.hc.core5.http.HttpException, IOException {
                        trigger.submitResponse(AsyncResponseBuilder.create(200).setEntity("ok\n", ContentType.TEXT_PLAIN).build(),
                                context);
                    }
                })
                .create();
        server.start();
        try {
            InetSocketAddress bound = (InetSocketAddress) server.listen(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), URIScheme.HTTP).get(10, TimeUnit.SECONDS).getAddress();
            ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            return new H2cServer(server, bound.getPort(), SwitchableHttpServer.start(), front);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            server.close(CloseMode.IMMEDIATE);
            throw new IOException("the HTTP/2 server did not start listening", e);
        }
    }

    /** The front port, both protocols. */
    public int port() {
        return front.getLocalPort();
    }

    private void acceptLoop() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                Thread t = new Thread(() -> route(client), "h2c-front-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void route(Socket client) {
        try {
            InputStream in = client.getInputStream();
            byte[] first = in.readNBytes(3);
            boolean h2 = Arrays.equals(first, "PRI".getBytes(StandardCharsets.US_ASCII));
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), h2 ? h2Port : http1.port());
            upstream.getOutputStream().write(first);
            Thread back = new Thread(() -> pump(upstream, client), "h2c-front-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // best effort
        }
        http1.close();
        server.close(CloseMode.IMMEDIATE);
    }
}
