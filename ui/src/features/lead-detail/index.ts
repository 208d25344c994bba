/** Public surface of the lead-detail feature: the "Second Chance Lead Details" flyout. */
export { default as LeadFlyout } from "./LeadFlyout.svelte";
export { FLYOUT_SHORTCUTS } from "./shortcuts";
