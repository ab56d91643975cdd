package no.signchain.simulator.identity;

/** A test identity: who "signs" in the simulator. {@link #toString()} never shows the NIN. */
public record TestUser(String nin, String firstName, String lastName) {

    public String fullName() {
        return firstName + " " + lastName;
    }

    @Override
    public String toString() {
        return "TestUser[" + fullName() + ", " + Nin.mask(nin) + "]";
    }
}
