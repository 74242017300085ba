package dev.orgmembersync.auth0;

import dev.orgmembersync.sync.SyncCommand;

/** Breaks the client's package rule on purpose: PackageRulesTest shows that its rule catches this. */
class PackageRuleViolationSample {

    SyncCommand job;
}
