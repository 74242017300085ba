/** In-process HTTP server ("sandbox tenant") emulating the Auth0 Management API endpoints used by the member sync job. */
package dev.orgmembersync.sandbox;
