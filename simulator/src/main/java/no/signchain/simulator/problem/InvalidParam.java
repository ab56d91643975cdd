package no.signchain.simulator.problem;

/** One entry of a problem's {@code invalidParams}: the offending field (JSON path) and why. */
public record InvalidParam(String name, String reason) {}
