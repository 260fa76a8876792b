package dev.watchdog.agent.fleet;

/** A Redis error reply ({@code -ERR ...}): a value, so one failed command of a pipeline does not hide the others' replies. */
record RespError(String message) {
}
