package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;
import java.net.URI;

/** Builds the check a target's configuration names. */
final class Checks {

    private Checks() {
    }

    static Check of(TargetConfig target) throws Exception {
        return of(target, null);
    }

    /** @param drivers null, or a loader whose JDBC drivers a jdbc check tries first (the command line's --classpath) */
    static Check of(TargetConfig target, ClassLoader drivers) throws Exception {
        return switch (target.kind()) {
            case TCP -> {
                URI uri = URI.create(target.check());
                yield new TcpCheck(uri.getHost(), uri.getPort());
            }
            case HTTP -> new HttpCheck(URI.create(target.check()).toURL(), target.expectStatus(), target.headers());
            case JDBC -> new JdbcCheck(target.check(), target.user(), target.password(), target.query(), drivers);
            case REDIS -> RedisCheck.of(target.check(), target.password());
            case GRPC -> GrpcCheck.of(target.check());
            case AMQP -> AmqpCheck.of(target.check());
            case CODE -> throw new IllegalArgumentException("a check in code runs only where it was registered (the Java API)");
        };
    }
}
