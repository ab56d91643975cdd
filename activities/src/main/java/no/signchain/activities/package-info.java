package no.signchain.activities;
