/**
 * Builds the sample partnership's workspace file: the Northbrook files loaded through the app's
 * own loaders (DuckDB-wasm in Node, the same code the browser runs), saved as a workspace file.
 *
 *   npx tsx data-samples/sample-workspace.ts OUT_FILE
 *
 * The Vite plugin beside this file runs it at build (and dev) time, so the app opens the
 * samples by restoring one file (about a fifth of a second) instead of running seven imports
 * and two boundary loads on every first visit (a few seconds). It is never committed: a build
 * always ships what the current loaders make of the current sample files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createNodeEngine } from '$lib/db/node';
import { loadSamples } from '$lib/ingest/load-samples';
import { exportWorkspace } from '$lib/workspace-file/workspace-file';

export const SAMPLE_DIR = 'data-samples/northbrook';

export async function buildSampleWorkspace(dir = SAMPLE_DIR): Promise<Uint8Array> {
	const engine = await createNodeEngine();
	try {
		await loadSamples(engine, async (name) => new Uint8Array(await readFile(`${dir}/${name}`)));
		return await exportWorkspace(engine);
	} finally {
		await engine.close();
	}
}

if (process.argv[1]?.endsWith('sample-workspace.ts')) {
	const out = process.argv[2];
	if (!out) {
		console.error('Usage: tsx data-samples/sample-workspace.ts OUT_FILE');
		process.exit(2);
	}
	await writeFile(out, await buildSampleWorkspace());
}
