package dev.watchdog.testapps.springboot.jpa;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The service layer: transactions around the repositories, entities mapped to the JSON views here. */
@Service
public class ClinicService {

    /** JSON views: the controller never serializes entities (lazy relations, cycles). */
    public record OwnerView(Long id, String firstName, String lastName, String address, String city, String telephone,
                            List<PetView> pets) {
    }

    public record PetView(Long id, String name, LocalDate birthDate, String type, List<VisitView> visits) {
    }

    public record VisitView(Long id, Long petId, LocalDate date, String description) {
    }

    public record VetView(Long id, String firstName, String lastName, List<String> specialties) {
    }

    private final OwnerRepository owners;
    private final PetRepository pets;
    private final VisitRepository visits;
    private final VetRepository vets;

    public ClinicService(OwnerRepository owners, PetRepository pets, VisitRepository visits, VetRepository vets) {
        this.owners = owners;
        this.pets = pets;
        this.visits = visits;
        this.vets = vets;
    }

    @Transactional(readOnly = true)
    public Optional<OwnerView> owner(long id) {
        return owners.findWithPets(id).map(o -> view(o, true));
    }

    @Transactional(readOnly = true)
    public List<OwnerView> ownersByLastName(String lastName) {
        return owners.findByLastNameStartingWithIgnoreCaseOrderByFirstName(lastName).stream().map(o -> view(o, false)).toList();
    }

    /** Empty when the pet does not exist. */
    @Transactional
    public Optional<VisitView> addVisit(long petId, LocalDate date, String description) {
        return pets.findById(petId).map(pet -> {
            Visit visit = new Visit(date == null ? LocalDate.now() : date, description);
            pet.addVisit(visit);
            visits.save(visit);
            return view(visit, petId);
        });
    }

    @Cacheable("vets")
    @Transactional(readOnly = true)
    public List<VetView> vets() {
        return vets.findAllByOrderByLastName().stream()
                .map(v -> new VetView(v.getId(), v.getFirstName(), v.getLastName(),
                        v.getSpecialties().stream().map(Specialty::getName).sorted().toList()))
                .toList();
    }

    private static OwnerView view(Owner o, boolean withVisits) {
        List<PetView> petViews = o.getPets().stream()
                .map(p -> new PetView(p.getId(), p.getName(), p.getBirthDate(), p.getType() == null ? null : p.getType().getName(),
                        withVisits ? p.getVisits().stream().limit(10).map(v -> view(v, p.getId())).toList() : List.of()))
                .toList();
        return new OwnerView(o.getId(), o.getFirstName(), o.getLastName(), o.getAddress(), o.getCity(), o.getTelephone(), petViews);
    }

    private static VisitView view(Visit v, long petId) {
        return new VisitView(v.getId(), petId, v.getDate(), v.getDescription());
    }
}
