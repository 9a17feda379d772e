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
