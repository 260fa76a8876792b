package dev.watchdog.testapps.springboot.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;

@Entity
@Table(name = "vets")
public class Vet {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String firstName;
    private String lastName;

    @ManyToMany(fetch = FetchType.EAGER)
    @JoinTable(name = "vet_specialties")
    private Set<Specialty> specialties = new LinkedHashSet<>();

    protected Vet() {
    }

    public Vet(String firstName, String lastName, Set<Specialty> specialties) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.specialties.addAll(specialties);
    }

    public Long getId() {
        return id;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public Set<Specialty> getSpecialties() {
        return specialties;
    }
}
