package no.signchain.store.contract;

import java.util.List;

/** One page of contracts, newest first. */
public record ContractPage(List<ContractRecord> contracts, int page, int size, long total) {}
