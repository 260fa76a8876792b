package dev.watchdog.testapps.springboot.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

public interface VisitRepository extends JpaRepository<Visit, Long> {

    long countByPetId(Long petId);
}
