/**
 * Loads the sample partnership's files (data-samples/northbrook) into an empty workspace, through
 * the same loaders real imports use. `readFile` abstracts where the bytes come from: `fetch` from
 * the app's own origin in the browser, the file system on the command line. The boundaries come
 * last, after the area lookup, so the map works out of the box.
 */
import type { Engine } from '$lib/db/engine';
import { loadAreaLookup } from './load-area-lookup';
import { loadMapped } from './load-mapped';
import type { ImportResult } from './import-run';
import { SAMPLE_FILES } from './sample-mappings';
import { loadBoundaries } from '$lib/geo/boundary-store';

/** The sample partnership's boundaries: small areas (with their ward) and wards. */
export const SAMPLE_BOUNDARY_FILES = ['small-areas.geojson', 'wards.geojson'] as const;

export const SAMPLE_FILE_NAMES = [...SAMPLE_FILES.map((f) => f.file), ...SAMPLE_BOUNDARY_FILES];

export async function loadSamples(
	engine: Engine,
	readFile: (name: string) => Promise<Uint8Array>
): Promise<ImportResult[]> {
	const results: ImportResult[] = [];
	for (const { file, mapping } of SAMPLE_FILES) {
		const source = { name: file, bytes: await readFile(file) };
		results.push(mapping === 'areas' ? await loadAreaLookup(engine, source) : await loadMapped(engine, source, mapping));
	}
	for (const file of SAMPLE_BOUNDARY_FILES) {
		const r = await loadBoundaries(engine, { name: file, bytes: await readFile(file) });
		// Only the import's bookkeeping, like every other file here (the details are for the Import page).
		const { importId, fileName, kind, agency, mappingName, rowsRead, rowsLoaded, rowsRejected, duplicate } = r;
		results.push({ importId, fileName, kind, agency, mappingName, rowsRead, rowsLoaded, rowsRejected, duplicate });
	}
	return results;
}
