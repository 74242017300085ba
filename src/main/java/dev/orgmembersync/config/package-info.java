/** Infrastructure wiring shared by the capabilities: clock and metrics registry. */
package dev.orgmembersync.config;
