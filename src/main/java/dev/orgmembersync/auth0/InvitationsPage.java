package dev.orgmembersync.auth0;

import java.util.List;

/**
 * One page of an organization's invitations.
 *
 * @param invitations the page's invitations
 * @param beyondCap true when Auth0 refused the page because it lies past the 1,000 records it pages through
 */
public record InvitationsPage(List<Invitation> invitations, boolean beyondCap) {
}
