import { sveltekit } from '@sveltejs/kit/vite';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { sampleWorkspace } from './data-samples/sample-workspace-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), sampleWorkspace()],
	// duckdb-wasm ships its own workers and wasm; pre-bundling it breaks their relative URLs.
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	server: {
		fs: { allow: ['data-samples'] },
		// A build or a test run in another terminal must not reload the page being worked on.
		watch: { ignored: ['**/build/**', '**/test-results/**'] }
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'node_modules/**'],
		environment: 'node',
		// Starting DuckDB-wasm takes about a second per test file; leave room on a busy machine.
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Each test file runs its own single-threaded DuckDB-wasm: one file per core halves the run
		// on two cores (Vitest's default leaves one core idle).
		maxWorkers: Math.max(1, availableParallelism())
	}
});
