// The whole app runs in the browser: DuckDB-wasm cannot run during server rendering, and there
// is no server to render on (adapter-static with an index.html fallback).
export const ssr = false;
export const prerender = false;
