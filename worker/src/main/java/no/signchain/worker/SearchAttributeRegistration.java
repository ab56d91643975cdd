package no.signchain.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.workflows.contract.ContractSearchAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers signchain's search attributes with the Temporal namespace at start, where the server allows it (the dev
 * server, the embedded test server, a self-hosted cluster). A workflow that upserts an unregistered attribute would
 * fail its workflow tasks, so the worker checks before it polls. Where the server refuses (Temporal Cloud manages
 * them in its console), it says which to create.
 */
class SearchAttributeRegistration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

    private final WorkflowServiceStubs temporal;
    private final String namespace;

    SearchAttributeRegistration(WorkflowServiceStubs temporal, String namespace) {
        this.temporal = temporal;
        this.namespace = namespace;
    }

    @Override
    public void afterPropertiesSet() {
        Map<String, IndexedValueType> wanted = new LinkedHashMap<>();
        for (SearchAttributeKey<?> key : ContractSearchAttributes.ALL) {
            wanted.put(key.getName(), key.getValueType());
        }
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(temporal.getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            wanted.keySet().removeAll(existing(operator).keySet());
            if (wanted.isEmpty()) {
                return;
            }
            operator.blockingStub()
                    .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .putAllSearchAttributes(wanted)
                            .build());
            log.info("Registered search attributes {} in namespace {}", wanted.keySet(), namespace);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return; // another process registered them first
            }
            log.warn(
                    "Could not check or register search attributes {} in namespace {} ({}); create them on the "
                            + "Temporal server, or contract workflows will fail to record their status",
                    wanted,
                    namespace,
                    e.getStatus());
        }
    }

    /** The namespace's custom attributes; Temporal's Java test server cannot list them, so there: none known. */
    private Map<String, IndexedValueType> existing(OperatorServiceStubs operator) {
        try {
            return operator.blockingStub()
                    .listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .build())
                    .getCustomAttributesMap();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return Map.of();
            }
            throw e;
        }
    }
}
