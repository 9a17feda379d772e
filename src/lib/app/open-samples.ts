/**
 * The sample partnership into a fresh store: the prebuilt workspace file when it can be had,
 * otherwise (say, a build made without it, or a damaged copy) the sample files through the
 * loaders, which give the same tables. A restore that fails rolls back, so the fallback starts
 * from an empty store.
 */
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { importWorkspace } from '$lib/workspace-file/workspace-file';

export type SamplesOpenedFrom = 'prebuilt' | 'files';

export async function openSamples(
	engine: Engine,
	fetchWorkspace: () => Promise<Uint8Array>,
	fetchFile: (name: string) => Promise<Uint8Array>
): Promise<SamplesOpenedFrom> {
	try {
		await importWorkspace(engine, await fetchWorkspace());
		return 'prebuilt';
	} catch (err) {
		console.warn(`The prebuilt sample workspace could not be opened (${(err as Error).message}); loading the sample files instead.`);
		await loadSamples(engine, fetchFile);
		return 'files';
	}
}
