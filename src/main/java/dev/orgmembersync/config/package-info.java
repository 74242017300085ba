/** Infrastructure wiring shared by the capabilities: clock, metrics registry, job database pool and durability. */
package dev.orgmembersync.config;
