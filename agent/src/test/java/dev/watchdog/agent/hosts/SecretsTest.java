package dev.watchdog.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            jdbc:postgresql://user:s3cr3t@db:5432/x                | jdbc:postgresql://user:***@db:5432/x
            https://admin:p%40ss@api.local/health                  | https://admin:***@api.local/health
            jdbc:mysql://root:p@ss!w0rd@h1:3306/db                 | jdbc:mysql://root:***@h1:3306/db
            jdbc:mysql://root:pa/ss@h1:3306/db                     | jdbc:mysql://root:***@h1:3306/db
            http://:onlypass@h/                                    | http://:***@h/
            http://user@h/                                         | http://user@h/
            jdbc:postgresql://h/db?user=u&password=s3cr3t&ssl=true | jdbc:postgresql://h/db?user=u&password=***&ssl=true
            jdbc:postgresql://h/db?PASSWORD=x&PassWord=y           | jdbc:postgresql://h/db?PASSWORD=***&PassWord=***
            jdbc:sqlserver://h;user=sa;password={a;b=c};db=x       | jdbc:sqlserver://h;user=sa;password=***;db=x
            jdbc:sqlserver://h;Password=Tr0ub4dor&3                | jdbc:sqlserver://h;Password=***&3
            jdbc:db2://h:50000/S:user=x;pwd=y;                     | jdbc:db2://h:50000/S:user=x;pwd=***;
            jdbc:h2:tcp://h/~/t;USER=sa;PASSWD=x                   | jdbc:h2:tcp://h/~/t;USER=sa;PASSWD=***
            http://h/x?token=abc.def-ghi&access_token=t2&a=1      | http://h/x?token=***&access_token=***&a=1
            http://h/x?api_key=k1&apikey=k2&x-api-key=k3&key=k4    | http://h/x?api_key=***&apikey=***&x-api-key=***&key=***
            http://h/x?client_secret=c&auth=a&Authorization=b      | http://h/x?client_secret=***&auth=***&Authorization=***
            jdbc:postgresql://h/db?sslpassword=x&sslmode=require   | jdbc:postgresql://h/db?sslpassword=***&sslmode=require
            jdbc:mysql://address=(host=h)(user=u)(password=p@ss)/db | jdbc:mysql://address=(host=h)(user=u)(password=***)/db
            jdbc:mysql://(host=h,password=x=y,port=1)/db           | jdbc:mysql://(host=h,password=***,port=1)/db
            jdbc:oracle:thin:scott/tiger@//h:1521/svc              | jdbc:oracle:thin:scott/***@//h:1521/svc
            password=hunter2                                       | password=***
            connect with token = abc now                           | connect with token = *** now
            jdbc:postgresql://h/db?password=                       | jdbc:postgresql://h/db?password=
            jdbc:postgresql://h/db?user=bob&monkey=1&keyboard=2    | jdbc:postgresql://h/db?user=bob&monkey=1&keyboard=2
            tcp://db.internal:5432                                 | tcp://db.internal:5432
            """)
    void redacts(String input, String expected) {
        assertEquals(expected, Secrets.redact(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p@$$w0rd", "a;b", "x&y=z", "\\1$2", "ünï©ødé", "with space", "{braced}", "a,b)c"})
    void specialCharactersNeverSurviveInUserInfoOrSimpleParams(String secret) {
        String url = "jdbc:postgresql://bob:" + secret.replace(" ", "%20") + "@h:5432/db?password=" + secret.replace("&", "%26").replace(";", "%3B").replace(" ", "+");
        String red = Secrets.redact(url);
        assertFalse(red.contains(secret.replace(" ", "%20")), red);
        assertTrue(red.startsWith("jdbc:postgresql://bob:***@h:5432/db?password=***"), red);
    }

    @Test
    void nullStaysNull() {
        assertNull(Secrets.redact(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "pwd", "passwd", "secret", "client_secret", "token", "access_token",
        "refreshToken", "api_key", "apikey", "API-KEY", "key", "auth", "authorization", "sslpassword",
        "trustStorePassword", "credentials", "private.key", "privateKey"})
    void secretNames(String name) {
        assertTrue(Secrets.isSecretName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "host", "port", "keyboard", "monkey", "sslmode", "databaseName", "author"})
    void notSecretNames(String name) {
        assertFalse(Secrets.isSecretName(name));
    }

    @org.junit.jupiter.api.Test
    void aHugeUrlLikeValueIsRedactedInLinearTime() {
        String hostile = "//a:".repeat(250_000);   // 1 MB without '@': was quadratic (seconds per 40 KB)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> Secrets.redact(hostile));
    }
}
