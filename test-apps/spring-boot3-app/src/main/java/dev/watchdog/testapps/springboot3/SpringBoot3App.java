package dev.watchdog.testapps.springboot3;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/** Spring Boot 3.5 with Actuator and Prometheus, nothing else. Prints {@code APP listening port=<n>} once Tomcat listens. */
@SpringBootApplication
public class SpringBoot3App {

    public static void main(String[] args) {
        SpringApplication.run(SpringBoot3App.class, args);
    }

    @EventListener
    public void listening(WebServerInitializedEvent event) {
        System.out.println("APP listening port=" + event.getWebServer().getPort());
    }
}
