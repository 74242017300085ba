/** Reconciliation: checks in Auth0 what the run did, and writes reconciliation.csv and summary.json. */
package dev.orgmembersync.report;
