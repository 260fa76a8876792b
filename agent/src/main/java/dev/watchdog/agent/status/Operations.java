package dev.watchdog.agent.status;

/**
 * What an operator can do during an incident. Each returns one human line saying what changed and
 * throws {@link IllegalArgumentException} for input it cannot act on (unknown target, bad host).
 */
public interface Operations {

    String forceOpen(String host);

    String forceClosed(String host);

    String release(String host);

    String recheck(String target);

    String reload();
}
