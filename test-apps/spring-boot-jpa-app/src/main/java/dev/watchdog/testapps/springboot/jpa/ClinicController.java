package dev.watchdog.testapps.springboot.jpa;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ClinicController {

    /** The body of {@code POST /visits}. */
    public record NewVisit(@NotNull @Positive Long petId, @PastOrPresent LocalDate date,
                           @NotBlank @Size(max = 255) String description) {
    }

    private final ClinicService clinic;

    public ClinicController(ClinicService clinic) {
        this.clinic = clinic;
    }

    @GetMapping("/owners/{id}")
    public ResponseEntity<ClinicService.OwnerView> owner(@PathVariable long id) {
        return ResponseEntity.of(clinic.owner(id));
    }

    @GetMapping("/owners")
    public List<ClinicService.OwnerView> owners(@RequestParam(defaultValue = "") String lastName) {
        return clinic.ownersByLastName(lastName);
    }

    @PostMapping("/visits")
    public ResponseEntity<ClinicService.VisitView> addVisit(@Valid @RequestBody NewVisit visit) {
        return clinic.addVisit(visit.petId(), visit.date(), visit.description())
                .map(v -> ResponseEntity.status(HttpStatus.CREATED).body(v))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/vets")
    public List<ClinicService.VetView> vets() {
        return clinic.vets();
    }
}
