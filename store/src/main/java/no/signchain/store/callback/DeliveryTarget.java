package no.signchain.store.callback;

/** Where one delivery of an event goes. */
public record DeliveryTarget(String url, CallbackOrigin origin) {}
