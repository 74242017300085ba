/** Reconciliation: checks in Auth0 what the run did, and writes reconciliation.csv, summary.json and report.html. */
package dev.orgmembersync.report;
