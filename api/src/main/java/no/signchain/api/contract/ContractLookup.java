package no.signchain.api.contract;

import java.util.UUID;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.security.ApiClients;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import org.springframework.stereotype.Component;

/**
 * The contract a request's path names, if the calling client owns it; otherwise a 404 that does not repeat what the
 * client sent. Another client's contract is answered exactly like one that does not exist (404, never 403), so that
 * contract ids tell a client nothing about anyone else's business.
 */
@Component
public class ContractLookup {

    private final ContractRepository contracts;
    private final ApiClients clients;

    ContractLookup(ContractRepository contracts, ApiClients clients) {
        this.contracts = contracts;
        this.clients = clients;
    }

    public ContractRecord find(String id) {
        // The id is never echoed: a client that mixed up its fields may have sent an identity number here.
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("not a contract id");
        }
        String owner = clients.current();
        return contracts
                .find(id)
                .filter(contract -> contract.owner().equals(owner))
                .orElseThrow(() -> ApiProblem.notFound("no such contract"));
    }

    ContractView view(String id) {
        return ContractView.of(find(id));
    }
}
