/** Reconciliation: writes reconciliation.csv, summary.json and report.html. */
package dev.orgmembersync.report;
