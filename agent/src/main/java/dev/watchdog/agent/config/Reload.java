package dev.watchdog.agent.config;

/** When a changed key takes effect: each row of the key table in {@link ConfigKeys} says which. */
public enum Reload {
    /** Applied to the running agent when its file changes. */
    LIVE("live"),
    /** Read once at start: a reload reports it as "takes effect at restart" and the value at start stays in force. */
    RESTART("at restart");

    private final String shown;

    Reload(String shown) {
        this.shown = shown;
    }

    /** As the key reference shows it: {@code live} or {@code at restart}. */
    public String shown() {
        return shown;
    }
}
