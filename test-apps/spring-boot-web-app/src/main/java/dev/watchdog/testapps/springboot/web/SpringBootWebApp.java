package dev.watchdog.testapps.springboot.web;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web service as users write them, knowing nothing of the agent: embedded Tomcat, {@code GET /query} runs one
 * query through a JdbcTemplate over Boot's HikariDataSource ({@code spring.datasource.url}: PostgreSQL or MariaDB)
 * and answers 200 with its result, or 503 when the database call failed, the body naming the driver's or pool's
 * error Spring wrapped and its causes: {@code <exception class> < <cause class> ...: <first line of its message>}.
 *
 * <p>{@code GET /remote} calls {@code app.remote-url} (JDK HttpClient) through the Resilience4j CircuitBreaker
 * {@code remote} and answers its body, or {@code FALLBACK <exception class>} when the call failed or the breaker
 * refused it; {@code GET /breaker} answers that breaker's state. With Actuator and the Prometheus registry.
 *
 * <p>Prints {@code APP listening port=<n>} once Tomcat listens ({@code --server.port=0}: a free port).
 */
@SpringBootApplication
@RestController
public class SpringBootWebApp {

    private final JdbcTemplate jdbc;
    private final CircuitBreaker remote;
    private final String remoteUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SpringBootWebApp(JdbcTemplate jdbc, CircuitBreakerRegistry breakers, @Value("${app.remote-url:}") String remoteUrl) {
        this.jdbc = jdbc;
        this.remote = breakers.circuitBreaker("remote");
        this.remoteUrl = remoteUrl;
    }

    /** The application's own breakers, as users declare them without Resilience4j's Spring starter. */
    @Bean
    static CircuitBreakerRegistry circuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @GetMapping("/remote")
    public String remote() {
        try {
            return remote.executeCallable(() -> http.send(HttpRequest.newBuilder(URI.create(remoteUrl)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (CallNotPermittedException e) {
            return "FALLBACK " + e.getClass().getSimpleName();
        } catch (Exception e) {
            return "FALLBACK " + e.getClass().getSimpleName();
        }
    }

    @GetMapping("/breaker")
    public String breaker() {
        return remote.getState().name();
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringBootWebApp.class, args);
    }

    @GetMapping("/query")
    public ResponseEntity<String> query() {
        try {
            return ResponseEntity.ok(String.valueOf(jdbc.queryForObject("SELECT 1", Integer.class)));
        } catch (DataAccessException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(describe(e));
        }
    }

    /** {@code <wrapped class> < <its cause's class> ...: <first line of the wrapped one's message>}. */
    private static String describe(DataAccessException e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        Throwable wrapped = chain.isEmpty() ? e : chain.get(0);
        return (chain.isEmpty() ? List.of(e) : chain).stream().map(t -> t.getClass().getName()).collect(Collectors.joining(" < "))
                + ": " + String.valueOf(wrapped.getMessage()).lines().findFirst().orElse("");
    }

    @EventListener
    public void listening(WebServerInitializedEvent event) {
        System.out.println("APP listening port=" + event.getWebServer().getPort());
    }
}
