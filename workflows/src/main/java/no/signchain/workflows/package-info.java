package no.signchain.workflows;
