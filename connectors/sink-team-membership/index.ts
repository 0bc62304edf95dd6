export { teamMembershipSink } from './team-membership.sink';
export { TeamMembershipConfig } from './team-membership.config';
