export { default as RecordingSection } from "./RecordingSection.svelte";
