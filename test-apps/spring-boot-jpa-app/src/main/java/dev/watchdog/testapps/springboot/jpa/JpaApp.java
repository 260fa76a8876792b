package dev.watchdog.testapps.springboot.jpa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.event.EventListener;

/**
 * A small clinic service (owners, pets, visits, vets) on the whole Spring Boot stack: the benchmarks' big
 * application ({@code bigapp} section). Knows nothing of any agent.
 *
 * <p>{@code GET /owners/{id}} (an owner with pets and visits), {@code GET /owners?lastName=X} (a query),
 * {@code POST /visits} (a validated write), {@code GET /vets} (cached), {@code /actuator/health} and
 * {@code /actuator/metrics}. Seeds its database at start ({@link SeedData}): {@code GET /owners/1} answers 200
 * once the service is ready. Prints {@code APP listening port=<n>} once Tomcat listens.
 */
@SpringBootApplication
@EnableCaching
public class JpaApp {

    public static void main(String[] args) {
        SpringApplication.run(JpaApp.class, args);
    }

    @EventListener
    public void listening(WebServerInitializedEvent event) {
        System.out.println("APP listening port=" + event.getWebServer().getPort());
    }
}
