package dev.watchdog.agent.cli;

import dev.watchdog.agent.status.jmx.ObjectNames;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code list}, {@code attach}, {@code status} through the Attach API. Module jdk.attach is defined
 * to the application class loader, which the agent's isolated loader does not delegate to: its
 * public API is reached by reflection through the system class loader.
 */
final class AttachCommands {

    private static final String VM = "com.sun.tools.attach.VirtualMachine";
    private static final String DESCRIPTOR = "com.sun.tools.attach.VirtualMachineDescriptor";

    private AttachCommands() {
    }

    static int list(PrintStream out, PrintStream err) {
        try {
            Table table = new Table("PID", "MAIN");
            for (Object d : (List<?>) method(VM, "list").invoke(null)) {
                table.row(String.valueOf(method(DESCRIPTOR, "id").invoke(d)), String.valueOf(method(DESCRIPTOR, "displayName").invoke(d)));
            }
            table.print(out);
            return Cli.OK;
        } catch (Exception e) {
            return failed(err, "cannot list JVMs", e);
        }
    }

    static int attach(String pid, String configArg, PrintStream out, PrintStream err) {
        if (!pid.matches("\\d+")) {
            return Cli.usage(err, "attach PID [config=PATH]: \"" + pid + "\" is not a process id");
        }
        String args = configArg == null ? null : "config=" + new File(configArg.substring("config=".length())).getAbsolutePath();
        Object vm;
        try {
            vm = method(VM, "attach", String.class).invoke(null, pid);
        } catch (Exception e) {
            return failed(err, "cannot attach to " + pid, e);
        }
        try {
            if (alreadyRunning(vm)) {
                err.println("error: the watchdog agent is already running in " + pid + "; not attaching twice");
                return Cli.FAILED;
            }
            method(VM, "loadAgent", String.class, String.class).invoke(vm, agentJar(), args);
            out.println("attached the watchdog agent to " + pid + (args == null ? "" : " with " + args)
                    + "; its log goes to that JVM's stderr or log file");
            return Cli.OK;
        } catch (Exception e) {
            return failed(err, "loading the agent into " + pid + " failed", e);
        } finally {
            detach(vm);
        }
    }

    static int status(String pid, PrintStream out, PrintStream err) {
        if (!pid.matches("\\d+")) {
            return Cli.usage(err, "status PID: \"" + pid + "\" is not a process id");
        }
        Object vm;
        String url;
        try {
            vm = method(VM, "attach", String.class).invoke(null, pid);
        } catch (Exception e) {
            return failed(err, "cannot attach to " + pid, e);
        }
        try {
            url = (String) method(VM, "startLocalManagementAgent").invoke(vm);
        } catch (Exception e) {
            return failed(err, "cannot reach the JMX agent of " + pid, e);
        } finally {
            detach(vm);
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            if (!jmx.isRegistered(ObjectNames.agent())) {
                err.println("error: no watchdog agent in " + pid + " (watchdog:type=Agent is not registered)");
                return Cli.FAILED;
            }
            out.println("watchdog-agent " + jmx.getAttribute(ObjectNames.agent(), "Version") + " in " + pid
                    + ", config " + jmx.getAttribute(ObjectNames.agent(), "ConfigPath"));
            Table breakers = new Table("HOST", "STATE", "SINCE", "REJECTED", "REASON");
            for (ObjectName name : sorted(jmx.queryNames(new ObjectName(ObjectNames.DOMAIN + ":type=Breaker,*"), null))) {
                breakers.row(text(jmx, name, "Host"), text(jmx, name, "State"), text(jmx, name, "Since"),
                        text(jmx, name, "RejectedCalls"), text(jmx, name, "Reason"));
            }
            breakers.print(out);
            out.println();
            Table targets = new Table("TARGET", "KIND", "HEALTH", "SINCE", "LATENCY", "SKIPPED", "REASON");
            for (ObjectName name : sorted(jmx.queryNames(new ObjectName(ObjectNames.DOMAIN + ":type=Target,*"), null))) {
                Object ms = jmx.getAttribute(name, "LastLatencyMillis");
                targets.row(text(jmx, name, "Name"), text(jmx, name, "Kind").toLowerCase(java.util.Locale.ROOT), text(jmx, name, "Health"),
                        text(jmx, name, "Since"), ms instanceof Double d && d >= 0 ? String.format(java.util.Locale.ROOT, "%.1fms", d) : "",
                        text(jmx, name, "ProbesSkipped"), text(jmx, name, "Reason"));
            }
            targets.print(out);
            if (jmx.isRegistered(ObjectNames.fleet())) {
                fleet(jmx, out);
            }
            return Cli.OK;
        } catch (Exception e) {
            return failed(err, "reading the watchdog MBeans of " + pid + " failed", e);
        }
    }

    /** Fleet mode: this member, its fleet, and each target's probers and verdict source. */
    private static void fleet(MBeanServerConnection jmx, PrintStream out) throws Exception {
        ObjectName fleet = ObjectNames.fleet();
        String[] members = (String[]) jmx.getAttribute(fleet, "Members");
        out.println();
        out.println("fleet " + text(jmx, fleet, "Fleet") + ", member " + text(jmx, fleet, "Member") + ", mode "
                + text(jmx, fleet, "Mode") + ", redis " + text(jmx, fleet, "Redis") + " ("
                + (Boolean.TRUE.equals(jmx.getAttribute(fleet, "RedisUp")) ? "up" : "down") + "), " + members.length
                + " member(s), messages dropped " + text(jmx, fleet, "MessagesDropped"));
        for (String line : (String[]) jmx.getAttribute(fleet, "Targets")) {
            out.println("  " + line);
        }
    }

    /** Started with -javaagent (its JVM arguments), or attached before (the agent's system property). */
    private static boolean alreadyRunning(Object vm) throws Exception {
        Properties agent = (Properties) method(VM, "getAgentProperties").invoke(vm);
        Properties system = (Properties) method(VM, "getSystemProperties").invoke(vm);
        String jvmArgs = agent.getProperty("sun.jvm.args", "");
        return jvmArgs.contains("watchdog-agent") || system.getProperty(dev.watchdog.agent.Agent.VERSION_PROPERTY) != null;
    }

    /** The jar this command runs from: the premain classes sit at its root, on the system class path. */
    private static String agentJar() throws Exception {
        Class<?> premain = Class.forName("dev.watchdog.premain.WatchdogPremain", false, ClassLoader.getSystemClassLoader());
        return new File(premain.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
    }

    private static Method method(String type, String name, Class<?>... parameters) throws Exception {
        return Class.forName(type, true, ClassLoader.getSystemClassLoader()).getMethod(name, parameters);
    }

    private static void detach(Object vm) {
        try {
            method(VM, "detach").invoke(vm);
        } catch (Exception ignored) {
            // the process may be gone already
        }
    }

    private static Set<ObjectName> sorted(Set<ObjectName> names) {
        TreeSet<ObjectName> sorted = new TreeSet<>(names);
        return sorted;
    }

    private static String text(MBeanServerConnection jmx, ObjectName name, String attribute) throws Exception {
        return String.valueOf(jmx.getAttribute(name, attribute));
    }

    private static int failed(PrintStream err, String what, Exception e) {
        Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        err.println("error: " + what + ": " + cause);
        return Cli.FAILED;
    }
}
