package dev.watchdog.agent.status;

/** Placeholder until the endpoint lands. */
final class StatusHttpServer implements AutoCloseable {

    static StatusHttpServer start(String bind, int port, StatusSource source) {
        throw new UnsupportedOperationException("not yet");
    }

    String address() {
        return null;
    }

    @Override
    public void close() {
    }
}
