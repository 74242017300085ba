/** The batch job: staging, organization lookup, snapshot, adds in batches of ten, and how a run is launched. */
package dev.orgmembersync.sync;
