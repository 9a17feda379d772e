/**
 * Loads the sample partnership's files (data-samples/northbrook) into an empty workspace, through
 * the same loaders real imports use. `readFile` abstracts where the bytes come from: `fetch` from
 * the app's own origin in the browser, the file system on the command line.
 */
import type { Engine } from '$lib/db/engine';
import { loadAreaLookup } from './load-area-lookup';
import { loadMapped } from './load-mapped';
import type { ImportResult } from './import-run';
import { SAMPLE_FILES } from './sample-mappings';

export const SAMPLE_FILE_NAMES = SAMPLE_FILES.map((f) => f.file);

export async function loadSamples(
	engine: Engine,
	readFile: (name: string) => Promise<Uint8Array>
): Promise<ImportResult[]> {
	const results: ImportResult[] = [];
	for (const { file, mapping } of SAMPLE_FILES) {
		const source = { name: file, bytes: await readFile(file) };
		results.push(mapping === 'areas' ? await loadAreaLookup(engine, source) : await loadMapped(engine, source, mapping));
	}
	return results;
}
