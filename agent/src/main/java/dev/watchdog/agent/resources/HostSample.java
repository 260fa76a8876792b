package dev.watchdog.agent.resources;

/**
 * Host-wide figures from one {@link HostReader} call.
 *
 * @param cpuLoad     0..1 since the previous call, NaN when unknown
 * @param cpus        logical processors the reader sees
 * @param memTotal    bytes; -1 when unknown
 * @param memAvailable bytes
 * @param swapTotal   bytes
 * @param swapUsed    bytes
 */
record HostSample(double cpuLoad, int cpus, long memTotal, long memAvailable, long swapTotal, long swapUsed) {
}
