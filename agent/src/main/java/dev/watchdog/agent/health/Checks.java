package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;
import java.net.URI;

/** Builds the check a target's configuration names. */
final class Checks {

    private Checks() {
    }

    static Check of(TargetConfig target) throws Exception {
        return switch (target.kind()) {
            case TCP -> {
                URI uri = URI.create(target.check());
                yield new TcpCheck(uri.getHost(), uri.getPort());
            }
            case HTTP -> new HttpCheck(URI.create(target.check()).toURL());
            case JDBC -> new JdbcCheck(target.check(), target.user(), target.password());
        };
    }
}
