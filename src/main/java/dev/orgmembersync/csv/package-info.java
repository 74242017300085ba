/** Reads the memberships CSV (opencsv) and validates each row, keeping its physical line number. */
package dev.orgmembersync.csv;
