package dev.watchdog.agent.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcUrlsTest {

    /** url | expected host keys, space separated (blank: none). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # PostgreSQL
            jdbc:postgresql://db.internal:5432/orders                          | db.internal:5432
            jdbc:postgresql://DB.Internal/orders                               | db.internal:5432
            jdbc:postgresql://h1:5432,h2/db?targetServerType=primary           | h1:5432 h2:5432
            jdbc:postgresql://h1:6432,h2:6433,h3/db                            | h1:6432 h2:6433 h3:5432
            jdbc:postgresql://[::1]:5433/db                                    | [::1]:5433
            jdbc:postgresql://[2001:DB8::1]/db                                 | [2001:db8::1]:5432
            jdbc:postgresql://host                                             | host:5432
            jdbc:postgresql://host?user=x                                      | host:5432
            jdbc:postgresql:///db                                              | localhost:5432
            jdbc:postgresql:orders                                             | localhost:5432
            jdbc:postgresql://user:secret@db:5432/x                            | db:5432
            jdbc:postgresql://h1,h1:5432/db                                    | h1:5432
            JDBC:PostgreSQL://Host:1/db                                        | host:1
            jdbc:pgsql://pg.example.com:5439/db                                | pg.example.com:5439
            jdbc:pgsql://pg.example.com/db                                     | pg.example.com:5432
            # MySQL / MariaDB
            jdbc:mysql://mysql.local/shop                                      | mysql.local:3306
            jdbc:mysql://h1,h2:3307/shop                                       | h1:3306 h2:3307
            jdbc:mysql://root:pw@h1:3310/shop?useSSL=false                     | h1:3310
            jdbc:mysql://root:p@ss@h1:3310/shop                                | h1:3310
            jdbc:mysql:loadbalance://lb1:3306,lb2:3307/db                      | lb1:3306 lb2:3307
            jdbc:mysql:replication://src,replica1,replica2:3310/db             | src:3306 replica1:3306 replica2:3310
            jdbc:mysql://address=(host=a1)(port=3311)(user=u),address=(host=a2)/db | a1:3311 a2:3306
            jdbc:mysql://address=(protocol=tcp)(host=A3)(port=3312)/db         | a3:3312
            jdbc:mysql://address=(protocol=pipe)(path=x)/db                    |
            jdbc:mysql://(host=p1,port=3313,user=u),(host=p2)/db               | p1:3313 p2:3306
            jdbc:mysql://[(host=b1,port=1111),(host=b2,port=2222)]/db          | b1:1111 b2:2222
            jdbc:mysql://[h1:1111,h2]/db                                       | h1:1111 h2:3306
            jdbc:mysql://[::1]:3307/db                                         | [::1]:3307
            jdbc:mysql:///db                                                   | localhost:3306
            jdbc:mysql://h:99999/db                                            |
            jdbc:mysql://good:3306,bad:port/db                                 | good:3306
            jdbc:mysqlx://x.local/db                                           | x.local:33060
            jdbc:mysql+srv://_mysql._tcp.example.com/db                        |
            jdbc:mariadb://maria:3307/db                                       | maria:3307
            jdbc:mariadb:sequential://m1,m2:3308/db                            | m1:3306 m2:3308
            jdbc:mariadb:failover://m1,m2/db                                   | m1:3306 m2:3306
            jdbc:mariadb:replication://address=(host=m1)(port=3306)(type=master),address=(host=m2)(type=slave)/db | m1:3306 m2:3306
            # SQL Server
            jdbc:sqlserver://sql.local;databaseName=orders                     | sql.local:1433
            jdbc:sqlserver://sql.local:1444;databaseName=orders                | sql.local:1444
            jdbc:sqlserver://sql.local\\SQLEXPRESS:1445;databaseName=x         | sql.local:1445
            jdbc:sqlserver://sql.local\\SQLEXPRESS;databaseName=x              |
            jdbc:sqlserver://;serverName=named.local;databaseName=x            | named.local:1433
            jdbc:sqlserver://;serverName=named.local;portNumber=1500           | named.local:1500
            jdbc:sqlserver://host;port=1501                                    | host:1501
            jdbc:sqlserver://host;instanceName=inst                            |
            jdbc:sqlserver://host;instanceName=inst;portNumber=1502            | host:1502
            jdbc:sqlserver://;serverName=h\\inst                               |
            jdbc:sqlserver://;databaseName=x                                   | localhost:1433
            jdbc:sqlserver://[fe80::1]:1433;databaseName=x                     | [fe80::1]:1433
            jdbc:sqlserver://primary:1433;failoverPartner=mirror;password={a;b}| primary:1433 mirror:1433
            jdbc:sqlserver://primary;failoverPartner=mirror\\inst              | primary:1433
            jdbc:sqlserver://host;portNumber=abc                               |
            # Oracle thin
            jdbc:oracle:thin:@ora.local:1522:ORCL                              | ora.local:1522
            jdbc:oracle:thin:@//ora.local:1523/svc.example                     | ora.local:1523
            jdbc:oracle:thin:@//ora.local/svc                                  | ora.local:1521
            jdbc:oracle:thin:@ora.local:1524/svc                               | ora.local:1524
            jdbc:oracle:thin:@ora.local/svc                                    | ora.local:1521
            jdbc:oracle:thin:scott/tiger@ora.local:1525:SID                    | ora.local:1525
            jdbc:oracle:thin:scott/"p@ss"@//ora.local:1526/svc                 | ora.local:1526
            jdbc:oracle:thin:@tcps://secure.local:2484/svc?wallet_location=/w  | secure.local:2484
            jdbc:oracle:thin:@h1:1530,h2,h3:1531/svc                           | h1:1530 h2:1531 h3:1531
            jdbc:oracle:thin:@[::1]:1527/svc                                   | [::1]:1527
            jdbc:oracle:thin:@MYALIAS                                          |
            jdbc:oracle:thin:@ldap://ldap.local:389/orcl,cn=OracleContext      |
            jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=t1)(PORT=1600))(CONNECT_DATA=(SERVICE_NAME=s))) | t1:1600
            jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(LOAD_BALANCE=on)(ADDRESS=(PROTOCOL=TCP)(HOST=T1)(PORT=1600))(ADDRESS=(PROTOCOL=tcps)(HOST=t2)(PORT=2484))(ADDRESS=(PROTOCOL=TCP)(HOST=t3)))(CONNECT_DATA=(SERVICE_NAME=s))) | t1:1600 t2:2484 t3:1521
            jdbc:oracle:thin:@( description = ( address = (protocol = tcp)( host = spaced )( port = 1601 ) ) ) | spaced:1601
            jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=IPC)(KEY=x))(ADDRESS=(PROTOCOL=TCP)(HOST=t4)(PORT=1602))) | t4:1602
            jdbc:oracle:thin:u/p@(DESCRIPTION=(ADDRESS=(HOST=t5)(PORT=1603)))  | t5:1603
            # H2
            jdbc:h2:tcp://h2.local/~/test                                      | h2.local:9092
            jdbc:h2:tcp://h2.local:9101/~/test;USER=sa                         | h2.local:9101
            jdbc:h2:tcp://s1:9101,s2:9102/~/test                               | s1:9101 s2:9102
            jdbc:h2:ssl://secure.h2/~/test                                     | secure.h2:9092
            jdbc:h2:mem:test;DB_CLOSE_DELAY=-1                                 |
            jdbc:h2:file:/data/test                                            |
            jdbc:h2:~/test                                                     |
            jdbc:h2:./data/test                                                |
            # DB2
            jdbc:db2://db2.local:50001/SAMPLE                                  | db2.local:50001
            jdbc:db2://db2.local/SAMPLE:user=x;password=y;                     | db2.local:50000
            jdbc:db2:SAMPLE                                                    |
            # generic: port only when written
            jdbc:redshift://cluster.example.com:5439/dev                       | cluster.example.com:5439
            jdbc:clickhouse://ch.local/default                                 |
            jdbc:jtds:sqlserver://jt.local:1434/db;user=x                      | jt.local:1434
            jdbc:foo://a:1,b,c:3/x                                             | a:1 c:3
            jdbc:sqlite:/tmp/x.db                                              |
            """)
    void hostKeysPerFormat(String url, String expected) {
        List<String> want = expected == null ? List.of() : Arrays.asList(expected.trim().split("\\s+"));
        assertEquals(want, JdbcUrls.hostKeys(url.replace("\\\\", "\\")));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "jdbc:", "jdbc::", "postgresql://h/db", "http://h:80/", "jdbc:postgresql://", "jdbc:mysql://[",
        "jdbc:mysql://(((", "jdbc:oracle:thin:@(((", "jdbc:oracle:thin", "jdbc:sqlserver:", "jdbc:sqlserver://\\",
        "jdbc:postgresql://h:0/db", "jdbc:postgresql://h:-1/db", "jdbc:postgresql://h@:1/db", "jdbc:h2:tcp://", "jdbc:x://[zz]:1"})
    void garbageGivesNoHosts(String url) {
        List<String> keys = JdbcUrls.hostKeys(url);
        // a few of these legitimately mean localhost; none may throw or invent a host
        keys.forEach(k -> assertEquals("localhost", k.substring(0, k.lastIndexOf(':'))));
    }

    @Test
    void resultIsImmutable() {
        List<String> keys = JdbcUrls.hostKeys("jdbc:postgresql://h/db");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> keys.add("x"));
    }

    @Test
    void veryLongGarbageIsBounded() {
        String url = "jdbc:mysql://" + "(".repeat(100_000);
        assertEquals(List.of(), JdbcUrls.hostKeys(url));
    }
}
