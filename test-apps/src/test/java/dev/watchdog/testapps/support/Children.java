package dev.watchdog.testapps.support;

import dev.watchdog.testapps.HttpApp;
import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.process.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;

/** Starts the test applications as child JVMs with the agent, their output echoed (prefixed) into the test's log. */
public final class Children {

    /** Calls every 100 ms: rejections and recoveries show up well inside the tests' bounds. */
    public static final long PERIOD_MS = 100;

    private Children() {
    }

    public static ChildJvm.Builder withAgent(Class<?> main, Path config) {
        return echoed(ChildJvm.builder(main.getName()).agent(AgentOutput.jar(), config), main.getSimpleName());
    }

    /** {@code java -javaagent:... -jar <jar>}: an executable jar, its own main class and class path. */
    public static ChildJvm.Builder jarWithAgent(Path jar, Path config) {
        return echoed(ChildJvm.executableJar(jar).agent(AgentOutput.jar(), config), jar.getFileName().toString());
    }

    /** {@code java -jar <jar>} without the agent, its output echoed with {@code name} as the prefix. */
    public static ChildJvm.Builder jar(Path jar, String name) {
        return echoed(ChildJvm.executableJar(jar), name);
    }

    private static ChildJvm.Builder echoed(ChildJvm.Builder builder, String name) {
        String tag = "[" + name + "] ";
        return builder.echo(line -> System.out.println(tag + line), line -> System.out.println(tag + "stderr: " + line));
    }

    public static ChildJvm jdbcApp(Path config, String url, long maxSeconds) throws IOException {
        return jdbcApp(config, url, "sa", "", maxSeconds);
    }

    public static ChildJvm jdbcApp(Path config, String url, String user, String password, long maxSeconds) throws IOException {
        return withAgent(JdbcApp.class, config).args(url, user, password, PERIOD_MS, maxSeconds).start();
    }

    public static ChildJvm httpApp(Path config, String url, long maxSeconds) throws IOException {
        return withAgent(HttpApp.class, config).args(url, PERIOD_MS, maxSeconds).start();
    }
}
