package no.signchain.api.problem;

/** One field of a request that is wrong, and why; the same shape Signicat uses in its problem documents. */
public record InvalidParam(String name, String reason) {}
