/**
 * The largest file the Import page accepts. DuckDB-wasm has about 2 GB of memory per tab, and a
 * file is held as bytes, as staging text and as a staged table at once, so 1 GB is the default;
 * a partnership on smaller machines can lower it (Import page), and it can never be raised past
 * what a tab could hold.
 */
import { ImportError } from '$lib/ingest/errors';

export const DEFAULT_MAX_FILE_MB = 1024;
/** Above this a tab cannot hold the file's working copies, whatever the setting says. */
export const HARD_MAX_FILE_MB = 1536;

export function clampFileLimit(mb: number): number {
	if (!Number.isFinite(mb)) return DEFAULT_MAX_FILE_MB;
	return Math.min(HARD_MAX_FILE_MB, Math.max(1, Math.round(mb)));
}

const sizeText = (bytes: number) =>
	bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** The refusal for a file over the limit, or null when it may be read. */
export function fileSizeProblem(name: string, bytes: number, limitMb: number): ImportError | null {
	const limit = clampFileLimit(limitMb) * 1024 ** 2;
	if (bytes <= limit) return null;
	return new ImportError(
		name,
		`is ${sizeText(bytes)}, over the ${sizeText(limit)} limit for one file.`,
		'Export a shorter period, or split the file by year, and import the parts (or raise the limit on this page, up to 1.5 GB).'
	);
}
