package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;
    private Map<String, String> env;
    private Properties sys;

    @BeforeEach
    void setUp() {
        env = new HashMap<>();
        sys = new Properties();
        sys.setProperty("user.dir", dir.toString());
    }

    // ---- helpers ----

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Loads {@code content} as ./watchdog.properties with the current env and system properties. */
    private ConfigResult loadFile(String content) throws IOException {
        write("watchdog.properties", content);
        return ConfigLoader.load(null, env, sys);
    }

    private static ConfigProblem only(List<ConfigProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    private static TargetConfig target(ConfigResult r, String name) {
        assertTrue(r.ok(), r.errors().toString());
        return r.config().targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    // ---- locating the file ----

    @Test
    void noFileAtAllMeansDefaults() {
        ConfigResult r = ConfigLoader.load(null, env, sys);
        assertTrue(r.ok());
        assertNull(r.path());
        assertEquals(AgentConfig.defaults(), r.config());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void findsWorkingDirectoryFile() throws IOException {
        ConfigResult r = loadFile("watchdog.health.interval=7s\n");
        assertEquals(Duration.ofSeconds(7), r.config().healthInterval());
        assertEquals(dir.resolve("watchdog.properties"), r.path());
    }

    @Test
    void locationPrecedenceAgentArgThenSyspropThenEnvThenWorkingDir() throws IOException {
        write("a.properties", "watchdog.log.level=error");
        write("s.properties", "watchdog.log.level=warn");
        write("e.properties", "watchdog.log.level=debug");
        write("watchdog.properties", "watchdog.log.level=trace");
        env.put("WATCHDOG_CONFIG", "e.properties");
        sys.setProperty("watchdog.config", dir.resolve("s.properties").toString());
        assertEquals("error", ConfigLoader.load("config=a.properties", env, sys).config().logLevel());
        assertEquals("warn", ConfigLoader.load(null, env, sys).config().logLevel());
        sys.remove("watchdog.config");
        assertEquals("debug", ConfigLoader.load("", env, sys).config().logLevel());
        env.remove("WATCHDOG_CONFIG");
        assertEquals("trace", ConfigLoader.load(null, env, sys).config().logLevel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            agent   | config   | agent argument
            sysprop | watchdog.config | system property
            env     | watchdog.config | environment WATCHDOG_CONFIG
            """)
    void missingExplicitFileIsAnError(String how, String key, String where) {
        switch (how) {
            case "sysprop" -> sys.setProperty("watchdog.config", "missing.properties");
            case "env" -> env.put("WATCHDOG_CONFIG", "missing.properties");
            default -> { }
        }
        ConfigResult r = ConfigLoader.load(how.equals("agent") ? "config=missing.properties" : null, env, sys);
        ConfigProblem p = only(r.errors());
        assertEquals(key, p.key());
        assertEquals(where, p.where());
        assertTrue(p.message().contains("missing.properties") && p.message().contains("does not exist"), p.message());
        assertNull(r.config());
        assertFalse(r.ok());
    }

    @Test
    void directoryEmptyPathAndHugeFileAreErrors() throws IOException {
        Files.createDirectory(dir.resolve("d"));
        assertTrue(only(ConfigLoader.load("config=d", env, sys).errors()).message().contains("not a regular file"));
        assertTrue(only(ConfigLoader.load("config=", env, sys).errors()).message().contains("is empty"));
        write("big.properties", "# " + "x".repeat(PropertiesFile.MAX_BYTES) + "\n");
        ConfigProblem p = only(ConfigLoader.load("config=big.properties", env, sys).errors());
        assertTrue(p.message().contains("larger than 1 MiB"), p.message());
    }

    @Test
    void reloadKnownFileWithOverrides() throws IOException {
        Path file = write("w.properties", "watchdog.health.interval=3s\nwatchdog.log.level=warn\n");
        sys.setProperty("watchdog.log.level", "error");
        ConfigResult r = ConfigLoader.load(file, "watchdog.health.timeout=2s", env, sys);
        assertEquals(Duration.ofSeconds(3), r.config().healthInterval());
        assertEquals(Duration.ofSeconds(2), r.config().healthTimeout());
        assertEquals("error", r.config().logLevel());
        assertEquals(file, r.path());
        assertEquals("watchdog.config", only(ConfigLoader.load(dir.resolve("gone"), null, env, sys).errors()).key());
        assertFalse(ConfigLoader.load((Path) null, null, env, sys).ok());
    }

    @Test
    void nullInputsNeverThrow() {
        ConfigResult nothing = ConfigLoader.load(null, null, (Properties) null);
        assertTrue(nothing.ok(), () -> nothing.errors().toString());
        assertEquals(List.of(), nothing.config().targets(), "no file anywhere: the defaults, no target");
        ConfigResult missing = ConfigLoader.load(Path.of("x"), null, null, null);
        assertFalse(missing.ok());
        assertEquals("watchdog.config", only(missing.errors()).key());
    }

    @Test
    void unexpectedFailureBecomesAnErrorNotAnException() {
        Map<String, String> hostile = new HashMap<>();
        hostile.put(null, "x"); // a map the loader cannot sort
        ConfigResult r = ConfigLoader.load(null, hostile, sys);
        ConfigProblem p = only(r.errors());
        assertTrue(p.message().startsWith("unexpected error while loading the configuration: NullPointerException"), p.message());
        assertNull(r.config());
    }

    // ---- every global key ----

    @Test
    void everyGlobalKeyFromTheFile() throws IOException {
        ConfigResult r = loadFile("""
                watchdog.health.interval=250ms
                watchdog.health.timeout=2
                watchdog.health.unhealthy-threshold=3
                watchdog.health.healthy-threshold=2
                watchdog.jdbc.enabled=false
                watchdog.http.enabled=FALSE
                watchdog.log.level=DEBUG
                watchdog.log.file=/var/log/watchdog.log
                """);
        assertEquals(List.of(), r.warnings());
        AgentConfig c = r.config();
        assertEquals(Duration.ofMillis(250), c.healthInterval());
        assertEquals(Duration.ofSeconds(2), c.healthTimeout());
        assertEquals(3, c.unhealthyThreshold());
        assertEquals(2, c.healthyThreshold());
        assertFalse(c.jdbcEnabled());
        assertFalse(c.httpEnabled());
        assertEquals("debug", c.logLevel());
        assertEquals("/var/log/watchdog.log", c.logFile());
        assertEquals("250ms", c.raw().get("watchdog.health.interval"));
        assertThrows(UnsupportedOperationException.class, () -> c.raw().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> c.targets().add(null));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            watchdog.health.interval            | fast  | "fast" is not a duration; expected a number with unit ms, s, m or h, like 250ms or 5s
            watchdog.health.interval            | 0s    | "0s" is not greater than 0
            watchdog.health.timeout             | -1s   | "-1s" is not a duration
            watchdog.health.unhealthy-threshold | 0     | "0" is less than 1; expected a whole number >= 1
            watchdog.health.healthy-threshold   | two   | "two" is not a whole number
            watchdog.jdbc.enabled               | yes   | "yes" is not a boolean; expected true or false
            watchdog.http.enabled               | 1     | "1" is not a boolean
            watchdog.log.level                  | loud  | "loud" is not valid; expected one of trace, debug, info, warn, error, off
            """)
    void badGlobalValuesNameKeyLineValueAndExpectation(String key, String value, String message) throws IOException {
        ConfigResult r = loadFile("# header\n\n" + key + " = " + value + "\n");
        ConfigProblem p = only(r.errors());
        assertEquals(key, p.key());
        assertEquals("line 3", p.where());
        assertTrue(p.message().startsWith(message), p.message());
        assertTrue(p.toString().startsWith(key + " (line 3): \""), p.toString());
        assertNull(r.config());
    }

    @Test
    void allErrorsAreReportedNotJustTheFirst() throws IOException {
        ConfigResult r = loadFile("watchdog.health.interval=x\nwatchdog.health.timeout=y\nwatchdog.target.a.check=ftp://h\n");
        assertEquals(List.of("watchdog.health.interval", "watchdog.health.timeout", "watchdog.target.a.check"),
                r.errors().stream().map(ConfigProblem::key).sorted().collect(Collectors.toList()));
    }

    // ---- precedence and overrides ----

    @Test
    void precedenceFileEnvSyspropAgentArg() throws IOException {
        write("watchdog.properties", "watchdog.health.interval=1s\nwatchdog.health.timeout=1s\nwatchdog.log.level=warn\nwatchdog.log.file=f\n");
        env.put("WATCHDOG_HEALTH_INTERVAL", "2s");
        env.put("WATCHDOG_HEALTH_TIMEOUT", "2s");
        env.put("WATCHDOG_LOG_LEVEL", "error");
        sys.setProperty("watchdog.health.interval", "3s");
        sys.setProperty("watchdog.health.timeout", "3s");
        ConfigResult r = ConfigLoader.load("watchdog.health.interval=4s", env, sys);
        assertEquals(Duration.ofSeconds(4), r.config().healthInterval()); // agent arg
        assertEquals(Duration.ofSeconds(3), r.config().healthTimeout()); // system property
        assertEquals("error", r.config().logLevel()); // environment
        assertEquals("f", r.config().logFile()); // file
        assertEquals(1, r.config().healthyThreshold()); // default
    }

    @Test
    void overrideErrorsSayWhereTheyCameFrom() {
        env.put("WATCHDOG_HEALTH_UNHEALTHY_THRESHOLD", "zero");
        sys.setProperty("watchdog.health.interval", "soon");
        ConfigResult r = ConfigLoader.load("watchdog.log.level=chatty", env, sys);
        assertEquals(List.of(
                "watchdog.health.interval (system property): \"soon\" is not a duration; expected a number with unit ms, s, m or h, like 250ms or 5s",
                "watchdog.health.unhealthy-threshold (environment WATCHDOG_HEALTH_UNHEALTHY_THRESHOLD): \"zero\" is not a whole number; expected a whole number >= 1",
                "watchdog.log.level (agent argument): \"chatty\" is not valid; expected one of trace, debug, info, warn, error, off"),
                r.errors().stream().map(ConfigProblem::toString).sorted().collect(Collectors.toList()));
    }

    @Test
    void overriddenBadFileValueIsNotAnError() throws IOException {
        sys.setProperty("watchdog.health.interval", "2s");
        assertTrue(loadFile("watchdog.health.interval=nonsense\n").ok());
    }

    @Test
    void onlyWatchdogEnvAndSystemPropertiesCount() {
        env.put("HEALTH_INTERVAL", "x");
        env.put("PATH", "/bin");
        sys.setProperty("java.version", "17");
        sys.setProperty("health.interval", "x");
        ConfigResult r = ConfigLoader.load(null, env, sys);
        assertTrue(r.ok());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void unknownEnvVarWarnsWithSuggestion() {
        env.put("WATCHDOG_HEALTH_INTERVALL", "5s");
        ConfigProblem p = only(ConfigLoader.load(null, env, sys).warnings());
        assertEquals("WATCHDOG_HEALTH_INTERVALL (environment WATCHDOG_HEALTH_INTERVALL): unknown environment variable; ignored; did you mean WATCHDOG_HEALTH_INTERVAL?",
                p.toString());
    }

    @Test
    void agentArgsCommaContinuationAndUnknownArgs() {
        ConfigResult r = ConfigLoader.load(" watchdog.target.db.check=tcp://db:5432, watchdog.target.db.hosts=a:1,b:2 ,foo=bar,lonely", env, sys);
        assertEquals(List.of("a:1", "b:2"), target(r, "db").hosts());
        List<String> warned = r.warnings().stream().map(ConfigProblem::toString).collect(Collectors.toList());
        assertTrue(warned.contains("foo (agent argument): unknown agent argument; ignored; expected config=PATH or watchdog.KEY=VALUE"), warned.toString());
    }

    @Test
    void leadingPieceWithoutEqualsWarns() {
        ConfigProblem p = only(ConfigLoader.load("oops,watchdog.log.level=warn", env, sys).warnings());
        assertEquals("oops", p.key());
        assertEquals("agent argument", p.where());
    }

    // ---- environment mapping of target keys ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            WATCHDOG_TARGET_ORDERS_DB_UNHEALTHY_THRESHOLD | watchdog.target.orders_db.unhealthy-threshold
            WATCHDOG_TARGET_ORDERS_DB_HEALTHY_THRESHOLD   | watchdog.target.orders_db.healthy-threshold
            WATCHDOG_TARGET_DB_CHECK                      | watchdog.target.db.check
            WATCHDOG_TARGET_X_HOSTS                       | watchdog.target.x.hosts
            WATCHDOG_TARGET_A_B_C_PASSWORD                | watchdog.target.a_b_c.password
            WATCHDOG_TARGET_CHECK_CHECK                   | watchdog.target.check.check
            WATCHDOG_HEALTH_HEALTHY_THRESHOLD             | watchdog.health.healthy-threshold
            WATCHDOG_LOG_FILE                             | watchdog.log.file
            """)
    void envNameMapping(String var, String key) {
        assertEquals(key, Overrides.keyOf(var, List.of()));
    }

    @Test
    void envMappingWithoutAttributeOrNameIsUnknown() {
        assertNull(Overrides.keyOf("WATCHDOG_TARGET_CHECK", List.of()));
        assertNull(Overrides.keyOf("WATCHDOG_TARGET_DB", List.of()));
        assertNull(Overrides.keyOf("WATCHDOG_NOPE", List.of()));
    }

    @Test
    void envTargetNameMatchesAnExistingTargetInEnvForm() throws IOException {
        env.put("WATCHDOG_TARGET_ORDERS_DB_INTERVAL", "9s");
        env.put("WATCHDOG_TARGET_NEW_ONE_CHECK", "tcp://new:1");
        ConfigResult r = loadFile("watchdog.target.orders-db.check=tcp://db:5432\n");
        assertEquals(Duration.ofSeconds(9), target(r, "orders-db").interval());
        assertEquals(List.of("new:1"), target(r, "new_one").hosts());
        assertEquals(List.of("new_one", "orders-db"), r.config().targets().stream().map(TargetConfig::name).collect(Collectors.toList()));
    }

    @Test
    void envTargetNameAmbiguousFallsBackToLowerCase() throws IOException {
        env.put("WATCHDOG_TARGET_ORDERS_DB_CHECK", "tcp://env:1");
        ConfigResult r = loadFile("watchdog.target.orders-db.check=tcp://a:1\nwatchdog.target.orders.db.check=tcp://b:1\n");
        assertEquals(3, r.config().targets().size());
        assertEquals(List.of("env:1"), target(r, "orders_db").hosts());
    }

    // ---- ${env:} substitution ----

    @Test
    void envSubstitutionInAnyValue() throws IOException {
        env.put("DB_PASS", "s3cr3t!");
        env.put("DB_HOST", "pg.internal");
        env.put("IV", "3");
        ConfigResult r = loadFile("""
                watchdog.health.interval=${env:IV}s
                watchdog.target.db.check=jdbc:postgresql://${env:DB_HOST}:5432/app
                watchdog.target.db.user=app
                watchdog.target.db.password=${env:DB_PASS}
                """);
        TargetConfig db = target(r, "db");
        assertEquals("s3cr3t!", db.password());
        assertEquals(List.of("pg.internal:5432"), db.hosts());
        assertEquals(Duration.ofSeconds(3), r.config().healthInterval());
        assertFalse(r.config().toString().contains("s3cr3t!"), r.config().toString());
    }

    @Test
    void missingOrUnbalancedEnvReferenceIsAnErrorNamingTheKey() throws IOException {
        ConfigResult r = loadFile("""
                watchdog.log.file=${env:NOT_SET}
                watchdog.target.db.password=${env:PW
                watchdog.target.db.check=tcp://h:1
                watchdog.target.db.user=${env:}
                """);
        List<String> errors = r.errors().stream().map(ConfigProblem::toString).collect(Collectors.toList());
        assertEquals(List.of(
                "watchdog.log.file (line 1): value refers to environment variable NOT_SET, which is not set",
                "watchdog.target.db.password (line 2): value has an unterminated ${env: reference; expected ${env:NAME}",
                "watchdog.target.db.user (line 4): value has ${env:}, which is not a valid environment variable name; expected ${env:NAME}"),
                errors);
    }

    // ---- file format, line numbers, duplicates ----

    @Test
    void lineNumbersSurviveContinuationsAndCrLf() throws IOException {
        ConfigResult r = loadFile("# comment\r\n! also a comment\r\nwatchdog.health.interval : 2s\r\n"
                + "watchdog.log.file   /tmp/a\\\r\n    b.log\r\n\r\nwatchdog.health.timeout=bad\r\nwatchdog.unheard-of=1\r\n");
        assertEquals("line 7", only(r.errors()).where());
        assertEquals("watchdog.unheard-of (line 8): unknown key; ignored", only(r.warnings()).toString());
        write("watchdog.properties", "watchdog.log.file   /tmp/a\\\n    b.log\nwatchdog.health.interval : 2s\n");
        AgentConfig c = ConfigLoader.load(null, env, sys).config();
        assertEquals("/tmp/ab.log", c.logFile());
        assertEquals(Duration.ofSeconds(2), c.healthInterval());
    }

    @Test
    void unicodeEscapesAndUtf8() throws IOException {
        AgentConfig c = loadFile("watchdog.log.file=/tmp/\\u00e9t\u00e9.log\n").config();
        assertEquals("/tmp/\u00e9t\u00e9.log", c.logFile());
        ConfigProblem p = only(loadFile("watchdog.log.file=\\uZZZZ\n").errors());
        assertEquals("watchdog.log.file (line 1): malformed \\uXXXX escape; expected four hex digits after \\u", p.toString());
    }

    @Test
    void duplicateKeysWarnWithBothLinesAndLastWins() throws IOException {
        ConfigResult r = loadFile("watchdog.log.level=warn\nwatchdog.health.interval=1s\nwatchdog.log.level=error\n");
        assertEquals("error", r.config().logLevel());
        assertEquals("watchdog.log.level (line 3): duplicate key: line 1 is overridden by line 3", only(r.warnings()).toString());
    }

    // ---- unknown keys ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            watchdog.helth.interval=5s             | watchdog.helth.interval (line 1): unknown key; ignored; did you mean watchdog.health.interval?
            watchdog.health.unhealthy_threshold=2  | watchdog.health.unhealthy_threshold (line 1): unknown key; ignored; did you mean watchdog.health.unhealthy-threshold?
            watchdog.log.lvl=info                  | watchdog.log.lvl (line 1): unknown key; ignored; did you mean watchdog.log.level?
            watchdog.completely.different=1        | watchdog.completely.different (line 1): unknown key; ignored
            watchdg.health.interval=5s             | watchdg.health.interval (line 1): not a watchdog.* key; ignored; did you mean watchdog.health.interval?
            server.port=8080                       | server.port (line 1): not a watchdog.* key; ignored
            watchdog.target.db=tcp://h:1           | watchdog.target.db (line 1): unknown key; ignored
            """)
    void unknownKeysWarnWithNearestSuggestion(String line, String warning) throws IOException {
        ConfigResult r = loadFile(line + "\n");
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(warning, only(r.warnings()).toString());
    }

    @Test
    void unknownTargetAttributeSuggestsTheAttribute() throws IOException {
        ConfigResult r = loadFile("watchdog.target.db.check=tcp://h:1\nwatchdog.target.db.intervall=3s\nwatchdog.target.db.pasword=hunter2\n");
        List<String> warned = r.warnings().stream().map(ConfigProblem::toString).collect(Collectors.toList());
        assertEquals(List.of(
                "watchdog.target.db.intervall (line 2): unknown key; ignored; did you mean watchdog.target.db.interval?",
                "watchdog.target.db.pasword (line 3): unknown key; ignored; did you mean watchdog.target.db.password?"), warned);
        assertFalse(warned.toString().contains("hunter2"));
    }

    // ---- targets ----

    @Test
    void targetsOfEveryKindWithDefaultsAndOverrides() throws IOException {
        ConfigResult r = loadFile("""
                watchdog.health.interval=10s
                watchdog.health.unhealthy-threshold=2
                watchdog.target.web.check=https://api.example.com/health
                watchdog.target.cache.check=tcp://Redis.Internal:6379
                watchdog.target.cache.interval=1s
                watchdog.target.cache.timeout=100ms
                watchdog.target.cache.unhealthy-threshold=5
                watchdog.target.cache.healthy-threshold=3
                watchdog.target.orders.db.check=jdbc:postgresql://pg1,pg2:5433/orders
                watchdog.target.orders.db.user=app
                watchdog.target.orders.db.password=pw
                watchdog.target.mem.check=jdbc:h2:tcp://localhost/mem:test
                watchdog.target.mem.hosts=fake:1, Other:2
                """);
        assertEquals(List.of("cache", "mem", "orders.db", "web"),
                r.config().targets().stream().map(TargetConfig::name).collect(Collectors.toList()));
        TargetConfig web = target(r, "web");
        assertEquals(CheckKind.HTTP, web.kind());
        assertEquals(List.of("api.example.com:443"), web.hosts());
        assertEquals(Duration.ofSeconds(10), web.interval());
        assertEquals(Duration.ofSeconds(1), web.timeout());
        assertEquals(2, web.unhealthyThreshold());
        assertEquals(1, web.healthyThreshold());
        assertNull(web.user());
        assertNull(web.password());
        TargetConfig cache = target(r, "cache");
        assertEquals(CheckKind.TCP, cache.kind());
        assertEquals(List.of("redis.internal:6379"), cache.hosts());
        assertEquals(Duration.ofSeconds(1), cache.interval());
        assertEquals(Duration.ofMillis(100), cache.timeout());
        assertEquals(5, cache.unhealthyThreshold());
        assertEquals(3, cache.healthyThreshold());
        TargetConfig db = target(r, "orders.db");
        assertEquals(CheckKind.JDBC, db.kind());
        assertEquals(List.of("pg1:5432", "pg2:5433"), db.hosts());
        assertEquals("app", db.user());
        assertEquals("pw", db.password());
        assertEquals(List.of("fake:1", "other:2"), target(r, "mem").hosts());
        assertEquals("jdbc:h2:tcp://localhost/mem:test", target(r, "mem").check());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ftp://files:21                    | "ftp://files:21" has an unknown scheme; expected tcp://host:port, http(s)://host[:port]/path, jdbc:..., redis://[:password@]host[:port], grpc://host:port[/service] or amqp://[user:password@]host[:port][/vhost]
            db.internal:5432                  | "db.internal:5432" has an unknown scheme
            tcp://db.internal                 | "tcp://db.internal" has no port; expected tcp://host:port
            tcp://:5432                       | "tcp://:5432" has no valid host; expected tcp://host:port
            http:///path                      | "http:///path" has no valid host; expected http(s)://host[:port]/path
            http://exa mple.com/              | "http://exa mple.com/" is not a valid URL (Illegal character in authority); expected http(s)://host[:port]/path
            jdbc:h2:mem:test                  | "jdbc:h2:mem:test" is an in-process database: its settings and the check's query would run inside the application, and it guards no network host; expected a network URL
            jdbc:oracle:thin:@tns_alias       | "jdbc:oracle:thin:@tns_alias" names no network host with a known port; set watchdog.target.t.hosts to host:port[,host:port...] or use a network URL
            jdbc:sqlserver://h\\\\inst;db=x   | names no network host
            """)
    void badCheckUrlsNameTheKey(String check, String message) throws IOException {
        ConfigProblem p = only(loadFile("\nwatchdog.target.t.check=" + check + "\n").errors());
        assertEquals("watchdog.target.t.check", p.key());
        assertEquals("line 2", p.where());
        assertTrue(p.message().contains(message), p.message());
    }

    /** Parameters that make a driver load a class, run SQL or use local files, wherever the vendor's syntax puts them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:h2:tcp://db:9092/x;INIT=RUNSCRIPT FROM x.sql                 | INIT
            jdbc:h2:tcp://db:9092/x;init=CREATE ALIAS A FOR a.B.c             | init
            jdbc:h2:ssl://db/x;DATABASE_EVENT_LISTENER=a.B                    | DATABASE_EVENT_LISTENER
            jdbc:h2:tcp://db/x;JAVA_OBJECT_SERIALIZER=a.B                     | JAVA_OBJECT_SERIALIZER
            jdbc:h2:tcp://db/x;AUTHENTICATOR=a.B                              | AUTHENTICATOR
            jdbc:postgresql://db/x?socketFactory=a.B                          | socketFactory
            jdbc:postgresql://db/x?ssl=true&sslfactory=a.B                    | sslfactory
            jdbc:postgresql://db/x?sslhostnameverifier=a.B                    | sslhostnameverifier
            jdbc:postgresql://db/x?sslpasswordcallback=a.B                    | sslpasswordcallback
            jdbc:postgresql://db/x?authenticationPluginClassName=a.B          | authenticationPluginClassName
            jdbc:postgresql://db/x?xmlFactoryFactory=a.B                      | xmlFactoryFactory
            jdbc:postgresql://db/x?loggerFile=/tmp/x.log                      | loggerFile
            jdbc:postgresql://db/x?socket%46actory=a.B                        | socket%46actory
            jdbc:postgresql://db/x?SOCKET_FACTORY=a.B                         | SOCKET_FACTORY
            jdbc:mariadb://db/x?socketFactory=a.B                             | socketFactory
            jdbc:mysql://db/x?queryInterceptors=a.B                           | queryInterceptors
            jdbc:mysql://db/x?autoDeserialize=true                            | autoDeserialize
            jdbc:mysql://db/x?allowLoadLocalInfile=true                       | allowLoadLocalInfile
            jdbc:mysql://db/x?logger=a.B                                      | logger
            jdbc:mysql://(host=db,socketFactory=a.B)/x                        | socketFactory
            jdbc:mysql://address=(host=db)(port=3306)(propertiesTransform=a.B)/x | propertiesTransform
            jdbc:mysql://db/x?ha.loadBalanceStrategy=a.B                      | ha.loadBalanceStrategy
            jdbc:sqlserver://db:1433;socketFactoryClass=a.B                   | socketFactoryClass
            jdbc:sqlserver://db:1433;trustManagerClass=a.B                    | trustManagerClass
            jdbc:sqlserver://db:1433;accessTokenCallbackClass=a.B             | accessTokenCallbackClass
            """)
    void checkUrlParametersThatLoadClassesOrRunSqlAreRefusedByName(String check, String parameter) throws IOException {
        ConfigProblem p = only(loadFile("watchdog.target.t.check=" + check + "\n").errors());
        assertEquals("watchdog.target.t.check", p.key());
        assertTrue(p.message().contains("has parameter " + parameter + ", which makes a driver load a class, run SQL or use"
                + " local files inside the application; a health check refuses it (the application's own connections are"
                + " not affected); expected the URL without it"), p.message());
    }

    /** Databases that run inside the application: their URL settings and the check's query would run there too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "jdbc:h2:file:/data/x", "jdbc:h2:./data/x;AUTO_SERVER=TRUE",
        "jdbc:h2:~/x", "jdbc:H2:MEM:x", "jdbc:hsqldb:mem:x", "jdbc:hsqldb:file:/data/x", "jdbc:derby:memory:x;create=true",
        "jdbc:derby:/data/x", "jdbc:sqlite:/tmp/x.db", "jdbc:duckdb:"})
    void inProcessDatabasesAreRefusedEvenWithHosts(String check) throws IOException {
        ConfigProblem p = only(loadFile("watchdog.target.t.check=" + check + "\nwatchdog.target.t.hosts=db:1\n").errors());
        assertEquals("watchdog.target.t.check", p.key());
        assertTrue(p.message().contains("is an in-process database"), p.message());
    }

    /** The parameters people do put in check URLs stay valid. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "jdbc:postgresql://db:5432/x?sslmode=require&ApplicationName=watchdog&connectTimeout=5&options=-c%20statement_timeout=5000",
        "jdbc:postgresql://db1,db2/x?targetServerType=primary&loadBalanceHosts=true&sslrootcert=/etc/ssl/root.crt",
        "jdbc:mariadb://db:3306/x?sslMode=verify-full&sessionVariables=wait_timeout=10",
        "jdbc:mysql://db:3306/x?useSSL=false&serverTimezone=UTC&characterEncoding=utf8",
        "jdbc:h2:tcp://db:9092/mem:x;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;IFEXISTS=TRUE",
        "jdbc:sqlserver://db:1433;databaseName=x;encrypt=true;trustServerCertificate=true",
        "jdbc:hsqldb:hsql://db:9001/x", "jdbc:derby://db:1527/x;create=true", "jdbc:oracle:thin:@//db:1521/svc"})
    void ordinaryCheckUrlParametersStayValid(String check) throws IOException {
        ConfigResult r = loadFile("watchdog.target.t.check=" + check + "\n");
        assertEquals(List.of(), r.errors());
        assertEquals(check, target(r, "t").check());
    }

    @Test
    void emptyCheckIsAnError() throws IOException {
        assertEquals("watchdog.target.t.check (line 1): \"\" is empty; expected tcp://host:port, http(s)://host[:port]/path, jdbc:..., redis://[:password@]host[:port], grpc://host:port[/service] or amqp://[user:password@]host[:port][/vhost]",
                only(loadFile("watchdog.target.t.check=\n").errors()).toString());
    }

    @Test
    void targetWithoutCheckIsAnError() throws IOException {
        ConfigProblem p = only(loadFile("watchdog.target.db.interval=3s\n").errors());
        assertEquals("watchdog.target.db.check: missing; target db needs a check URL; expected tcp://host:port, http(s)://host[:port]/path, jdbc:..., redis://[:password@]host[:port], grpc://host:port[/service] or amqp://[user:password@]host[:port][/vhost]",
                p.toString());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            interval            | 0      | "0" is not greater than 0
            timeout             | slow   | "slow" is not a duration
            unhealthy-threshold | -2     | "-2" is less than 1
            healthy-threshold   | many   | "many" is not a whole number
            hosts               | db     | has an entry "db" that is not host:port
            hosts               | a:1,b  | has an entry "b" that is not host:port
            """)
    void badTargetAttributes(String attribute, String value, String message) throws IOException {
        ConfigResult r = loadFile("watchdog.target.db.check=tcp://h:1\nwatchdog.target.db." + attribute + "=" + value + "\n");
        ConfigProblem p = only(r.errors());
        assertEquals("watchdog.target.db." + attribute, p.key());
        assertEquals("line 2", p.where());
        assertTrue(p.message().contains(message), p.message());
    }

    @Test
    void invalidTargetNameIsAnError() throws IOException {
        ConfigProblem p = only(loadFile("watchdog.target.my\\ db.check=tcp://h:1\n").errors());
        assertEquals("watchdog.target.my db.check", p.key());
        assertTrue(p.message().contains("target name \"my db\" is not valid"), p.message());
    }

    @Test
    void invalidGlobalIsReportedOnceNotPerTarget() throws IOException {
        ConfigResult r = loadFile("watchdog.health.interval=x\nwatchdog.target.a.check=tcp://a:1\nwatchdog.target.b.check=tcp://b:1\n");
        assertEquals("watchdog.health.interval", only(r.errors()).key());
    }

    @Test
    void userAndPasswordOnNonJdbcChecksWarn() throws IOException {
        ConfigResult r = loadFile("watchdog.target.web.check=http://h/\nwatchdog.target.web.password=x\n");
        assertEquals("watchdog.target.web.password (line 2): only used by jdbc and redis checks; ignored", only(r.warnings()).toString());
    }

    @Test
    void targetsFromOverridesOnly() {
        sys.setProperty("watchdog.target.a.check", "tcp://a:1");
        env.put("WATCHDOG_TARGET_A_INTERVAL", "2s");
        TargetConfig a = target(ConfigLoader.load(null, env, sys), "a");
        assertEquals(Duration.ofSeconds(2), a.interval());
    }

    // ---- secrets never leak ----

    @Test
    void secretsNeverAppearInProblemsOrToString() throws IOException {
        env.put("PW", "envsecret");
        ConfigResult bad = loadFile("""
                watchdog.target.a.check=jdbc:postgresql://u:filesecret1@h:5432/db?password=filesecret2
                watchdog.target.a.password=filesecret3
                watchdog.target.a.interval=filesecret4
                watchdog.target.b.check=tcp://u:filesecret5@h
                watchdog.target.c.check=http://u:filesecret6@exa mple/
                watchdog.target.d.check=jdbc:h2:mem:x;PASSWORD=filesecret7
                watchdog.target.e.check=tcp://h:1
                watchdog.target.e.password=${env:PW}
                watchdog.target.e.hosts=filesecret8
                watchdog.target.e.passwd=filesecret9
                """);
        String all = bad.errors() + " " + bad.warnings();
        assertFalse(bad.ok());
        for (int i = 1; i <= 9; i++) {
            if (i != 4 && i != 8) { // 4 and 8 are not secret keys; their values are shown, as they should be
                assertFalse(all.contains("filesecret" + i), i + ": " + all);
            }
        }
        assertFalse(all.contains("envsecret"), all);

        ConfigResult good = loadFile("""
                watchdog.target.a.check=jdbc:postgresql://u:filesecret1@h:5432/db?password=filesecret2
                watchdog.target.a.password=filesecret3
                """);
        TargetConfig a = target(good, "a");
        assertEquals("jdbc:postgresql://u:***@h:5432/db?password=***", a.safeCheck());
        String shown = a + " " + good.config();
        for (int i = 1; i <= 3; i++) {
            assertFalse(shown.contains("filesecret" + i), shown);
        }
        assertTrue(shown.contains("password=***"), shown);
    }

    @Test
    void passwordInSystemPropertyErrorIsMasked() {
        sys.setProperty("watchdog.target.x.password", "${env:MISSING_PW}");
        sys.setProperty("watchdog.target.x.check", "jdbc:postgresql://h/db?password=topsecret&x=${env:");
        ConfigResult r = ConfigLoader.load(null, env, sys);
        assertEquals(2, r.errors().size());
        assertFalse(r.errors().toString().contains("topsecret"));
    }
}
