package dev.watchdog.agent.hosts;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks passwords and tokens in URLs and values, so nothing secret is logged or served.
 * Errs on the side of masking: a masked harmless value costs a little clarity, a leaked one costs a credential.
 */
public final class Secrets {

    public static final String MASK = "***";

    /** Parameter names that are secret on their own (compared without '-', '_', '.' and case). */
    private static final Set<String> EXACT = Set.of("pwd", "pass", "key", "auth", "sig", "signature");
    /** Fragments that make any parameter name secret: sslPassword, client_secret, x-api-key, authToken... */
    private static final String[] FRAGMENTS = {
        "password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey",
        "credential", "authorization", "authkey"};

    /** {@code scheme://user:password@}: the password runs to the last '@' before any query or whitespace. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^\\s/?#@:]*:)[^\\s?#]*(@)");
    /** Oracle's {@code jdbc:oracle:thin:user/password@...}. */
    private static final Pattern ORACLE_USER = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^\\s/@:]*/)[^\\s(?]*(@)");
    /** {@code ?name=v}, {@code &name=v}, {@code ;name=v} (value may be a {braced} SQL Server value) or a value at the start. */
    private static final Pattern QUERY_PARAM =
            Pattern.compile("(^|[?&;\\s])([\\w.-]+)(\\s*=\\s*)(\\{[^}]*}?|[^&;\\s]*)");
    /** {@code (name=v)} and {@code (a=b,name=v)} of MySQL host specs and Oracle descriptors. */
    private static final Pattern PAREN_PARAM = Pattern.compile("([(,]\\s*)([\\w.-]+)(\\s*=\\s*)([^,)]*)");

    private Secrets() {
    }

    /** The text with every userinfo password and secret-named parameter value replaced by {@value #MASK}. */
    public static String redact(String urlOrValue) {
        if (urlOrValue == null) {
            return null;
        }
        String s = USER_INFO.matcher(urlOrValue).replaceAll("$1" + MASK + "$2");
        s = ORACLE_USER.matcher(s).replaceAll("$1" + MASK + "$2");
        s = maskParams(QUERY_PARAM, s);
        return maskParams(PAREN_PARAM, s);
    }

    /** True when a parameter or config attribute of this name holds a secret. */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
        if (EXACT.contains(n)) {
            return true;
        }
        for (String fragment : FRAGMENTS) {
            if (n.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    private static String maskParams(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretName(m.group(2)) && !m.group(4).isEmpty()
                    ? m.group(1) + m.group(2) + m.group(3) + MASK
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
