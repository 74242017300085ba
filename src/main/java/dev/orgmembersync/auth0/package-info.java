/** Talks to the Auth0 Management API: tokens, paced and retried HTTP calls, member paging. */
package dev.orgmembersync.auth0;
