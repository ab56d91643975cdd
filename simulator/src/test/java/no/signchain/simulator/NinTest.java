package no.signchain.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import no.signchain.simulator.identity.Nin;
import org.junit.jupiter.api.Test;

class NinTest {

    @Test
    void dateOfBirthFollowsTheCenturyRulesAndTestNumberOffsets() {
        assertEquals(LocalDate.of(1965, 4, 6), Nin.dateOfBirth("06046517928"));
        assertEquals(
                LocalDate.of(2002, 12, 11), Nin.dateOfBirth("11920287974")); // synthetic: month + 80; 879 with yy 02
        assertEquals(LocalDate.of(1990, 2, 12), Nin.dateOfBirth("12829025475"));
        assertEquals(LocalDate.of(1923, 7, 20), Nin.dateOfBirth("20872329758"));
        assertEquals(LocalDate.of(2005, 3, 1), Nin.dateOfBirth("01030550012")); // 500-999, yy 00-39
        assertEquals(LocalDate.of(1899, 3, 1), Nin.dateOfBirth("01039950012")); // 500-749, yy 54-99
        assertEquals(LocalDate.of(1945, 3, 1), Nin.dateOfBirth("01034595012")); // 900-999, yy 40-99
        assertEquals(LocalDate.of(1980, 1, 15), Nin.dateOfBirth("55018012345")); // D-number: day + 40
        assertNull(Nin.dateOfBirth("32138012345"));
    }

    @Test
    void wellFormedAndMasked() {
        assertTrue(Nin.isWellFormed("06046517928"));
        assertFalse(Nin.isWellFormed("0604651792"));
        assertFalse(Nin.isWellFormed("0604651792a"));
        assertEquals("060465*****", Nin.mask("06046517928"));
    }
}
