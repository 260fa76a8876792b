/**
 * The watchdog agent's optional Java API: listen to its verdicts (targets' health, resource overloads, watched files),
 * ask for them ({@link dev.watchdog.api.Watchdog#isUp}, {@link dev.watchdog.api.Watchdog#breakerState}), add a watched
 * file or a health check written in code. Compile against {@code dev.watchdog:watchdog-api}; it has no dependencies.
 *
 * <p><b>Without the agent</b> every call is a harmless no-op: listeners are never called, every target is UP, every
 * breaker CLOSED, and nothing ever throws. <b>With the agent</b> (started with {@code -javaagent} or attached later),
 * the registrations made so far and every later one are handed to it, whichever class loader loaded this jar (fat jar,
 * web application): listeners then run on the agent's {@code watchdog-listener-*} threads, one event at a time per
 * listener, in order, each call within the agent's time budget ({@code watchdog.api.listener-budget}).
 *
 * <p><b>Versioning.</b> The API reaches the agent through one bootstrap class, {@code dev.watchdog.bootstrap.ApiBridge},
 * by a single static method {@code call(String operation, Object[] arguments)} that takes and returns JDK types only:
 * operations are named by strings, listeners are {@code Consumer<Map<String, Object>>}, checks {@code Callable<?>},
 * registrations come back as {@code AutoCloseable}, events are maps with documented keys. The rules, which let any
 * version of this jar work with any version of the agent:
 * <ul>
 *   <li>an operation, once published, never changes its arguments or its answer's type: a change is a new operation
 *       with a new name, and the old one stays;</li>
 *   <li>event maps only ever gain keys; a reader takes a missing key as unknown;</li>
 *   <li>an operation the agent does not know answers {@code null}, and the API then does its no-op;</li>
 *   <li>{@link dev.watchdog.api.Watchdog#PROTOCOL} counts the operations' generations: 1 is the set below.</li>
 * </ul>
 * Protocol 1: {@code protocol} → Integer; {@code onHealth}, {@code onOverload}, {@code onFile} (Consumer, String
 * listener class) → AutoCloseable; {@code watchFile} (String path) → AutoCloseable; {@code registerCheck} (String name,
 * Callable, String[] hosts, Map options: interval, timeout as Duration, unhealthyThreshold, healthyThreshold as
 * Integer) → AutoCloseable; {@code health} (String target) → "UP", "DOWN", "UNKNOWN" or null for no such target;
 * {@code breaker} (String host:port) → a state name, null for no breaker. Event maps, each with {@code time}
 * (Instant): health {@code target, healthy (Boolean), state, from, reason, hosts (List)}; overload {@code started,
 * resource, value, threshold, cpu, memory, heap (Double, NaN unknown), overloads (List), limitSource (container, host
 * or jvm)}; file {@code path, sha256, oldSha256, kind, size}. The public classes of this package follow
 * semantic versioning: methods and record components are only added in minor versions.
 */
package dev.watchdog.api;
