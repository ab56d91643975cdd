package no.signchain.api.contract;

import java.util.UUID;
import no.signchain.api.problem.ApiProblem;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import org.springframework.stereotype.Component;

/** The contract a request's path names, or a 404 that does not repeat what the client sent. */
@Component
class ContractLookup {

    private final ContractRepository contracts;

    ContractLookup(ContractRepository contracts) {
        this.contracts = contracts;
    }

    ContractRecord find(String id) {
        // The id is never echoed: a client that mixed up its fields may have sent an identity number here.
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("not a contract id");
        }
        return contracts.find(id).orElseThrow(() -> ApiProblem.notFound("no such contract"));
    }

    ContractView view(String id) {
        return ContractView.of(find(id));
    }
}
