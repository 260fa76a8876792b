package dev.watchdog.testapps.springboot.jpa;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds an empty database at start: 6 pet types, 4 specialties, 10 vets, 200 owners (last names from a list of 20)
 * with 1–3 pets each and 2 visits per pet. Deterministic: owner 1 and pet 1 always exist.
 */
@Component
public class SeedData implements CommandLineRunner {

    static final List<String> LAST_NAMES = List.of("Franklin", "Davis", "Rodriquez", "Schroeder", "Black", "Escobito",
            "Coleman", "McTavish", "Estaban", "Leary", "Douglas", "Carter", "Jenkins", "Ortega", "Stevens", "Sharp",
            "Hughes", "Morgan", "Nakamura", "Weber");
    private static final List<String> FIRST_NAMES = List.of("George", "Betty", "Eduardo", "Harold", "Peter", "Jean",
            "Jeff", "Maria", "David", "Carlos", "Helen", "James", "Rafael", "Linda", "Sharon");
    private static final List<String> PET_NAMES = List.of("Leo", "Basil", "Rosy", "Jewel", "Iggy", "George", "Samantha",
            "Max", "Lucky", "Mulligan", "Freddy", "Sly", "Bella", "Coco");

    private final OwnerRepository owners;
    private final PetTypeRepository types;
    private final SpecialtyRepository specialties;
    private final VetRepository vets;
    private final TransactionTemplate tx;

    public SeedData(OwnerRepository owners, PetTypeRepository types, SpecialtyRepository specialties, VetRepository vets,
                    TransactionTemplate tx) {
        this.owners = owners;
        this.types = types;
        this.specialties = specialties;
        this.vets = vets;
        this.tx = tx;
    }

    @Override
    public void run(String... args) {
        if (owners.count() > 0) {
            return;
        }
        tx.executeWithoutResult(status -> {
            List<PetType> petTypes = types.saveAll(List.of("cat", "dog", "lizard", "snake", "bird", "hamster").stream()
                    .map(PetType::new).toList());
            List<Specialty> specs = specialties.saveAll(List.of("radiology", "surgery", "dentistry", "cardiology").stream()
                    .map(Specialty::new).toList());
            for (int i = 0; i < 10; i++) {
                vets.save(new Vet(FIRST_NAMES.get(i % FIRST_NAMES.size()), LAST_NAMES.get((i * 7) % LAST_NAMES.size()),
                        i % 3 == 0 ? Set.of() : Set.of(specs.get(i % specs.size()), specs.get((i + 1) % specs.size()))));
            }
            LocalDate today = LocalDate.of(2026, 1, 1);
            for (int i = 0; i < 200; i++) {
                Owner owner = new Owner(FIRST_NAMES.get(i % FIRST_NAMES.size()), LAST_NAMES.get(i % LAST_NAMES.size()),
                        (100 + i) + " Main St.", i % 2 == 0 ? "Madison" : "Sun Prairie", String.format("608555%04d", i));
                for (int p = 0; p <= i % 3; p++) {
                    Pet pet = new Pet(PET_NAMES.get((i + p) % PET_NAMES.size()), today.minusDays(400L + i * 3L + p),
                            petTypes.get((i + p) % petTypes.size()));
                    pet.addVisit(new Visit(today.minusDays(30L + p), "rabies shot"));
                    pet.addVisit(new Visit(today.minusDays(10L + i % 7), "check-up"));
                    owner.addPet(pet);
                }
                owners.save(owner);
            }
        });
    }
}
