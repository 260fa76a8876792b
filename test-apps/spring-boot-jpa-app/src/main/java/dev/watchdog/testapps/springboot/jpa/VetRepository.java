package dev.watchdog.testapps.springboot.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface VetRepository extends JpaRepository<Vet, Long> {

    List<Vet> findAllByOrderByLastName();
}
