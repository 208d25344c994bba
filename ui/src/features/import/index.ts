/** Public surface of the import feature: the "Import calls" screen. */
export { default as ImportScreen } from "./ImportScreen.svelte";
