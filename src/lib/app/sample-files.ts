/**
 * The sample partnership's files, bundled as assets of the app itself so they load from the
 * app's own origin (no network beyond it, and they work offline).
 */
const urls = import.meta.glob(['/data-samples/northbrook/*.csv', '/data-samples/northbrook/*.geojson'], {
	query: '?url',
	import: 'default',
	eager: true
}) as Record<string, string>;

export async function fetchSampleFile(name: string): Promise<Uint8Array> {
	const url = urls[`/data-samples/northbrook/${name}`];
	if (!url) throw new Error(`Sample file ${name} is not bundled with the app.`);
	const response = await fetch(url);
	if (!response.ok) throw new Error(`Could not load sample file ${name} (HTTP ${response.status}).`);
	return new Uint8Array(await response.arrayBuffer());
}

/**
 * The sample partnership prebuilt as one workspace file at build time (the same loaders, run in
 * Node: data-samples/sample-workspace.ts). Restoring it is several times faster than loading
 * the files above one by one on a first visit.
 */
export async function fetchSampleWorkspace(): Promise<Uint8Array> {
	const { default: url } = await import('virtual:cse-sample-workspace');
	const response = await fetch(url);
	if (!response.ok) throw new Error(`Could not load the sample workspace (HTTP ${response.status}).`);
	return new Uint8Array(await response.arrayBuffer());
}
