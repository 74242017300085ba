/** The job's ledger: every input row of a run and its status, kept in the job database. */
package dev.orgmembersync.ledger;
