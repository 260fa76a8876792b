package dev.watchdog.api.internal;

import dev.watchdog.api.FileChangeEvent;
import dev.watchdog.api.FileChangeListener;
import dev.watchdog.api.HealthEvent;
import dev.watchdog.api.HealthListener;
import dev.watchdog.api.OverloadEvent;
import dev.watchdog.api.OverloadListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The application's listeners as the bridge takes them: consumers of the agent's event maps, which build this API's
 * event records (a missing key, from another agent version, reads as unknown). What the listener throws goes back to
 * the agent, which reports it. Internal.
 */
public final class Events {

    private Events() {
    }

    public static Consumer<Map<String, Object>> health(HealthListener listener) {
        return new Adapter(event -> listener.changed(new HealthEvent(text(event, "target"),
                Boolean.TRUE.equals(event.get("healthy")), text(event, "reason"), strings(event, "hosts"), time(event))));
    }

    public static Consumer<Map<String, Object>> overload(OverloadListener listener) {
        return new Adapter(event -> listener.changed(new OverloadEvent(Boolean.TRUE.equals(event.get("started")),
                text(event, "resource"), number(event, "value"), (int) number(event, "threshold"), number(event, "cpu"),
                number(event, "memory"), number(event, "heap"), strings(event, "overloads"),
                named(OverloadEvent.LimitSource.class, event.get("limitSource"), OverloadEvent.LimitSource.UNKNOWN),
                time(event))));
    }

    public static Consumer<Map<String, Object>> file(FileChangeListener listener) {
        return new Adapter(event -> {
            Object path = event.get("path");
            listener.changed(new FileChangeEvent(path == null ? null : Path.of(path.toString()),
                    (String) (event.get("sha256") instanceof String s ? s : null),
                    named(FileChangeEvent.Kind.class, event.get("kind"), FileChangeEvent.Kind.OTHER), time(event)));
        });
    }

    /** A listener call that may throw anything: the agent catches it. */
    private interface Call {
        void accept(Map<String, Object> event) throws Exception;
    }

    private static final class Adapter implements Consumer<Map<String, Object>> {
        private final Call call;

        Adapter(Call call) {
            this.call = call;
        }

        @Override
        public void accept(Map<String, Object> event) {
            try {
                call.accept(event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new RuntimeException(e.toString(), e);
            }
        }
    }

    private static String text(Map<String, Object> event, String key) {
        Object v = event.get(key);
        return v == null ? "" : v.toString();
    }

    private static double number(Map<String, Object> event, String key) {
        return event.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Instant time(Map<String, Object> event) {
        return event.get("time") instanceof Instant t ? t : Instant.now();
    }

    private static List<String> strings(Map<String, Object> event, String key) {
        if (event.get(key) instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static <E extends Enum<E>> E named(Class<E> type, Object name, E otherwise) {
        if (name != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(name.toString())) {
                    return e;
                }
            }
        }
        return otherwise;
    }
}
