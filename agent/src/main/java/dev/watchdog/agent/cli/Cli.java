package dev.watchdog.agent.cli;

import dev.watchdog.agent.log.AgentLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar watchdog-agent.jar <command>}. Runs in the agent's isolated class loader.
 * Exit codes: 0 success, 1 the command ran and failed (invalid config, DOWN with --strict, attach
 * refused), 2 usage error.
 */
public final class Cli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String CHECK_USAGE = "check CONFIG [--strict] [--classpath PATH]";

    static final String USAGE_TEXT = """
            usage: java -jar watchdog-agent.jar <command>
              check CONFIG [--strict] [--classpath PATH]
                                         validate CONFIG, then run every target's check once;
                                         exit 0 when valid (--strict: and every target UP);
                                         jdbc checks find their driver in PATH (jars and
                                         directories, dir/* for its jars; default: $CLASSPATH)
              list                       local JVMs one can attach to
              attach PID [config=PATH]   load the agent into a running JVM
              status PID                 breakers and targets of a running JVM with the agent
              version                    print the agent's version
              help                       this text""";

    private Cli() {
    }

    public static void main(String[] args) {
        AgentLog.configure("off", null);   // the CLI's output is its tables and messages only
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.exit(code);   // the command line's own process: its exit code is its answer
    }

    /** The whole command line; returns the exit code. Never exits itself, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "help", "--help", "-h":
                    out.println(USAGE_TEXT);
                    return OK;
                case "version", "--version":
                    out.println("watchdog-agent " + version());
                    return OK;
                case "check":
                    return check(rest, out, err, env);
                case "list":
                    return rest.isEmpty() ? AttachCommands.list(out, err) : usage(err, "list takes no arguments");
                case "attach":
                    if (rest.isEmpty() || rest.size() > 2 || (rest.size() == 2 && !rest.get(1).startsWith("config="))) {
                        return usage(err, "attach PID [config=PATH]");
                    }
                    return AttachCommands.attach(rest.get(0), rest.size() == 2 ? rest.get(1) : null, out, err);
                case "status":
                    return rest.size() == 1 ? AttachCommands.status(rest.get(0), out, err) : usage(err, "status PID");
                default:
                    return usage(err, "unknown command \"" + args[0] + "\"");
            }
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int check(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        String file = null;
        boolean strict = false;
        String classpath = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--strict")) {
                strict = true;
            } else if (a.equals("--classpath") && classpath == null && i + 1 < args.size()) {
                classpath = args.get(++i);
            } else if (a.startsWith("-") || file != null) {
                return usage(err, CHECK_USAGE + ": unexpected \"" + a + "\"");
            } else {
                file = a;
            }
        }
        if (file == null) {
            return usage(err, CHECK_USAGE + ": which config file?");
        }
        String driverPath = classpath != null ? classpath : env.getOrDefault("CLASSPATH", "");
        return CheckCommand.run(Path.of(file), strict, driverPath, classpath != null ? "--classpath" : "CLASSPATH", env, out);
    }

    static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private static String version() {
        return dev.watchdog.agent.Agent.version();
    }
}
