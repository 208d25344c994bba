/** Public surface of the settings feature: per-account Second Chance Leads settings. */
export { default as SettingsScreen } from "./SettingsScreen.svelte";
