/** Public surface of the queue feature: the "Second Chance Leads" screen. */
export { default as QueueScreen } from "./QueueScreen.svelte";
export { QUEUE_SHORTCUTS } from "./keyboard";
