/**
 * Opening a workspace directory (manifest.json and one Arrow file per table, as `import` writes
 * it) into a fresh Node engine, for commands that only read it. Missing directory: an empty store.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { restoreSnapshot, type SnapshotManifest } from '$lib/db/snapshot';

export const WORKSPACE_MANIFEST = 'manifest.json';

export async function openWorkspaceDir(dir: string): Promise<Engine> {
	const engine = await createNodeEngine();
	try {
		const manifestPath = path.join(dir, WORKSPACE_MANIFEST);
		if (existsSync(manifestPath)) {
			const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as SnapshotManifest;
			const files: Record<string, Uint8Array> = {};
			for (const t of manifest.tables) files[t.file] = new Uint8Array(await readFile(path.join(dir, t.file)));
			await restoreSnapshot(engine, { manifest, files });
		}
		return engine;
	} catch (err) {
		await engine.close();
		throw err;
	}
}
