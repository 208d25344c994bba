/** Public surface of the audit feature: the audit trail, filtered and exported as CSV. */
export { default as AuditScreen } from "./AuditScreen.svelte";
