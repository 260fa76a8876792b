package dev.watchdog.agent.instrument.apacheasync;

import dev.watchdog.bootstrap.Gate;
import java.net.ConnectException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.http.HttpHost;
import org.apache.http.concurrent.BasicFuture;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;

/**
 * Inlined into HttpAsyncClient 4.1's {@code InternalHttpAsyncClient} and {@code MinimalHttpAsyncClient}
 * {@code execute(requestProducer, responseConsumer, context, callback)}, where every {@code execute}
 * overload of {@code CloseableHttpAsyncClient} ends (the Elasticsearch/OpenSearch RestClient calls it
 * directly). The target is the producer's {@code getTarget()}. A call to an open host skips the exchange
 * and fails as the library's own exchange handler fails a refused connect: producer and consumer told and
 * closed, the returned future failed, the application's {@code FutureCallback#failed} called, on the
 * caller's thread; {@code execute} never throws. HttpAsyncClient is Java 6 bytecode: no lambdas or
 * string concatenation here (no invokedynamic).
 */
public final class AsyncClient4ExecuteAdvice {

    private AsyncClient4ExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static ConnectException enter(@Advice.Argument(0) HttpAsyncRequestProducer producer) {
        if (!Gate.active() || producer == null) {
            return null;
        }
        HttpHost target = producer.getTarget();
        if (target == null) {
            return null;   // a relative request: the socket-level fallback sees its connect
        }
        String message = Gate.rejectUrl(target.getSchemeName(), target.getHostName(), target.getPort());
        return message == null ? null : new ConnectException(message);
    }

    /** An application callback that throws goes to the thread's uncaught-exception handler, never out of execute. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter ConnectException rejection,
                            @Advice.Argument(0) HttpAsyncRequestProducer producer,
                            @Advice.Argument(1) HttpAsyncResponseConsumer consumer,
                            @Advice.Argument(3) FutureCallback callback,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (rejection != null) {
            BasicFuture future = new BasicFuture(callback);
            try {
                producer.failed(rejection);
            } catch (Throwable ignored) {
                // the library ignores nothing here either, but the application's outcome must stay ours
            }
            try {
                if (consumer != null) {
                    consumer.failed(rejection);
                }
            } catch (Throwable ignored) {
                // as above
            }
            try {
                future.failed(rejection);
            } catch (Throwable callbackFailure) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, callbackFailure);
            }
            try {
                producer.close();
                if (consumer != null) {
                    consumer.close();
                }
            } catch (Throwable ignored) {
                // releasing is best effort, as in the library
            }
            returned = future;
        } else if (Gate.anyTrial()) {
            Gate.callEnded();   // the outcome comes later, on the I/O reactor, where its connect reports it
        }
    }
}
