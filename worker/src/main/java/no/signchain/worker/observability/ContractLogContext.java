package no.signchain.worker.observability;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;

/**
 * Puts the contract id into the log context (MDC {@code contractId}) of every activity of a contract workflow, beside
 * the {@code WorkflowId}, {@code ActivityType} and {@code Attempt} Temporal's SDK puts there itself, so each activity
 * log line names its contract. The id is the workflow id's, never anything from the arguments (they may name people).
 */
public class ContractLogContext extends WorkerInterceptorBase {

    /** The MDC key; the API's log lines use the same one. */
    public static final String CONTRACT_ID = "contractId";

    private static final String CONTRACT_WORKFLOW = "contract-";

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private String contractId;

            @Override
            public void init(ActivityExecutionContext context) {
                String workflowId = context.getInfo().getWorkflowId();
                if (workflowId != null && workflowId.startsWith(CONTRACT_WORKFLOW)) {
                    contractId = workflowId.substring(CONTRACT_WORKFLOW.length());
                }
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                if (contractId == null) {
                    return super.execute(input);
                }
                try (MDC.MDCCloseable ignored = MDC.putCloseable(CONTRACT_ID, contractId)) {
                    return super.execute(input);
                }
            }
        };
    }
}
