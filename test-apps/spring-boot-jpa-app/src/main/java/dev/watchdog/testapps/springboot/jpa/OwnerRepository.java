package dev.watchdog.testapps.springboot.jpa;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OwnerRepository extends JpaRepository<Owner, Long> {

    @Query("select o from Owner o left join fetch o.pets p left join fetch p.type where o.id = :id")
    Optional<Owner> findWithPets(@Param("id") Long id);

    @EntityGraph(attributePaths = {"pets", "pets.type"})
    List<Owner> findByLastNameStartingWithIgnoreCaseOrderByFirstName(String lastName);
}
