/** Public surface of the users feature: User Management (users, roles, Save Changes). */
export { default as UsersScreen } from "./UsersScreen.svelte";
