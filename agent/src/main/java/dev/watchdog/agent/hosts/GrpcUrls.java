package dev.watchdog.agent.hosts;

/** {@code grpc://host:port[/service]} check URLs: read alike by the configuration and the gRPC health check. */
public final class GrpcUrls {

    public static final String SCHEME = "grpc://";

    private GrpcUrls() {
    }

    /** {@code host:port}: what follows the scheme, up to the service, a query or a fragment. */
    public static String authority(String url) {
        return url.substring(SCHEME.length()).split("[/?#]", 2)[0];
    }

    /** The service whose health is asked, {@code ""} (the server's overall health) when none is written. */
    public static String service(String url) {
        String rest = url.substring(SCHEME.length()).split("[?#]", 2)[0];
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String service = rest.substring(slash + 1);
        return service.endsWith("/") ? service.substring(0, service.length() - 1) : service;
    }
}
