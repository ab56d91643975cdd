package no.signchain.api.contract;

import java.util.List;

/** A page of contracts, newest first. */
public record ContractPageView(List<ContractView> items, int page, int size, long total) {}
