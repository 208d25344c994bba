import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { TauriBackend } from "./lib/ipc/tauri";

// The desktop app always talks to the Rust core through Tauri commands.
// (The in-memory mock backend exists for vitest only and is never imported here.)
const target = document.getElementById("app");
if (!target) throw new Error("missing #app mount point");

mount(App, { target, props: { backend: new TauriBackend() } });
