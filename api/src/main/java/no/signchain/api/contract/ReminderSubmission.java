package no.signchain.api.contract;

/**
 * When the signer whose turn it is gets reminded, as a submission asks: ISO-8601 durations, {@code max} 0 for none.
 * Each field left out takes signchain's default ({@code signchain.contracts.reminders.*}).
 */
public record ReminderSubmission(String firstAfter, String every, Integer max) {}
