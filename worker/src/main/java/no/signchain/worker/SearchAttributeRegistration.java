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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.signchain.workflows.contract.ContractSearchAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Registers signchain's search attributes with the Temporal namespace at start, where the server allows it (the dev
 * server, the embedded test server, a self-hosted cluster). A workflow that upserts an unregistered attribute fails
 * its workflow tasks ("search attribute ContractStatus is not defined"), so the worker does not poll before they are
 * there: the bean is created (and the workers started) only after registration succeeded.
 *
 * <p>A server that is slow or not yet up (a loaded laptop, a cluster still starting) is asked again with a doubling
 * backoff, each call under its own deadline, until {@code patience} has passed; then start-up fails and says what is
 * missing. Under a load average of about 12 a single call once took longer than its deadline, and the worker started
 * without the attributes and failed every contract: one unanswered call must not decide that.
 *
 * <p>A server that refuses outright (Temporal Cloud manages attributes in its console and refuses the operator call)
 * is not asked again: the worker starts and says which attributes to create.
 */
class SearchAttributeRegistration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

    private final WorkflowServiceStubs temporal;
    private final String namespace;
    private final Duration patience;
    private final Duration callTimeout;
    private final Duration firstBackoff;

    SearchAttributeRegistration(WorkflowServiceStubs temporal, String namespace, Duration patience) {
        this(temporal, namespace, patience, Duration.ofSeconds(10), Duration.ofMillis(500));
    }

    SearchAttributeRegistration(
            WorkflowServiceStubs temporal,
            String namespace,
            Duration patience,
            Duration callTimeout,
            Duration firstBackoff) {
        this.temporal = temporal;
        this.namespace = namespace;
        this.patience = patience;
        this.callTimeout = callTimeout;
        this.firstBackoff = firstBackoff;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(temporal.getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            TemporalAtStartup.call(
                    "register the search attributes " + wanted().keySet() + " that contract workflows need in "
                            + "namespace " + namespace + " (raise signchain.temporal.search-attributes-patience for a"
                            + " slow server, or create them yourself)",
                    patience,
                    firstBackoff,
                    () -> register(operator));
        } catch (StatusRuntimeException e) {
            log.warn(
                    "Temporal refused to list or register search attributes {} in namespace {} ({}); create them on"
                            + " the Temporal server (on Temporal Cloud: in its console), or contract workflows will"
                            + " fail to record their status",
                    wanted().keySet(),
                    namespace,
                    e.getStatus().getCode());
        }
    }

    private void register(OperatorServiceStubs operator) {
        Map<String, IndexedValueType> missing = wanted();
        missing.keySet().removeAll(existing(operator).keySet());
        if (missing.isEmpty()) {
            return;
        }
        try {
            operator.blockingStub()
                    .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .putAllSearchAttributes(missing)
                            .build());
            log.info("Registered search attributes {} in namespace {}", missing.keySet(), namespace);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e; // ALREADY_EXISTS: another process registered them first
            }
        }
    }

    private static Map<String, IndexedValueType> wanted() {
        Map<String, IndexedValueType> wanted = new LinkedHashMap<>();
        for (SearchAttributeKey<?> key : ContractSearchAttributes.ALL) {
            wanted.put(key.getName(), key.getValueType());
        }
        return wanted;
    }

    /** The namespace's custom attributes; Temporal's Java test server cannot list them, so there: none known. */
    private Map<String, IndexedValueType> existing(OperatorServiceStubs operator) {
        try {
            return operator.blockingStub()
                    .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
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
