export { moodleUsersSource } from './moodle-users.source';
export type { MoodleUsersConfig } from './moodle-users.config';
