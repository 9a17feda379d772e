import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { importWorkspace } from '$lib/workspace-file/workspace-file';
import { buildSampleWorkspace } from '../../data-samples/sample-workspace';

/** Every table's rows in a stable order; the time of import is when it ran, so it is left out. */
async function dump(engine: Engine): Promise<Record<string, unknown[]>> {
	const tables = await engine.query<{ name: string }>(
		`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name <> 'meta' ORDER BY 1`
	);
	const out: Record<string, unknown[]> = {};
	for (const { name } of tables) {
		const rows = await engine.query<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY ALL`);
		out[name] = rows.map(({ imported_at: _when, ...rest }) => rest);
	}
	return out;
}

describe('the prebuilt sample workspace', () => {
	it('opens to exactly what loading the sample files gives', { timeout: 90_000 }, async () => {
		const prebuilt = await createNodeEngine();
		await importWorkspace(prebuilt, await buildSampleWorkspace());

		const loaded = await createNodeEngine();
		const dir = path.resolve('data-samples/northbrook');
		await loadSamples(loaded, async (name) => new Uint8Array(await readFile(path.join(dir, name))));

		const [a, b] = [await dump(prebuilt), await dump(loaded)];
		expect(a.concerns.length).toBeGreaterThan(1000);
		expect(a.area_geometry.length).toBeGreaterThan(100);
		expect(a).toEqual(b);
		await prebuilt.close();
		await loaded.close();
	});
});
