package no.signchain.store.callback;

/** Who named a delivery's target, which decides the address checks it gets. */
public enum CallbackOrigin {
    /** The business system, in the contract's {@code callbackUrl}: untrusted, every address check applies. */
    CONTRACT,
    /** The operator, in signchain's configuration. */
    SUBSCRIPTION
}
