/**
 * The Import page's state: files dropped in this visit, each moving through
 * inspecting → (needs mapping) → importing → done | already imported | failed | cancelled.
 * Files import one at a time (one database connection); a file waiting for its mapping does
 * not hold up the others.
 */
import type { Engine } from '$lib/db/engine';
import { ImportError } from '$lib/ingest/errors';
import type { Mapping } from '$lib/ingest/mapping';
import type { ImportResult } from '$lib/ingest/import-run';
import { saveMapping } from '$lib/ingest/mapping-store';
import { removeImport } from '$lib/ingest/remove-import';
import { exclusive } from '$lib/db/exclusive';
import { fileSizeProblem } from './file-size-limit';
import { settings } from './settings.svelte';
import { importFile, inspectFile, needsMapping, type Inspection } from '$lib/ingest/pipeline';
import { workspace } from './workspace.svelte';
import { prepareInWorker } from './prepare-in-worker';
import { formatCount } from '$lib/disclosure/suppress';
import { loadBoundaries, type BoundaryLoadResult } from '$lib/geo/boundary-store';
import { boundaryChoices, type AreaLevel, type BoundaryOptions, type PropertyCandidate, type RecognisedProperties } from '$lib/geo/boundaries';
import { BoundaryError } from '$lib/geo/rules/rule';

/**
 * Boundary files go to the boundary loader (geo/boundary-store.ts), not the CSV pipeline: GeoJSON
 * or TopoJSON, recognised by the file name's ending (their content is JSON, not a table).
 */
export const BOUNDARY_EXTENSIONS = ['.geojson', '.json', '.topojson'] as const;

export function isBoundaryFile(name: string): boolean {
	const lower = name.toLowerCase();
	return BOUNDARY_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const LEVEL_WORDS = { small_area: 'small areas', ward: 'wards', la: 'local authorities' } as const;

/** What the Import page says after a boundary file has loaded: what was found and what was done. */
export function boundaryNotice(r: BoundaryLoadResult): string {
	const props = [r.codeProperty, r.nameProperty].filter(Boolean).join(' and ');
	const crs = r.sourceCrs === 'bng' ? ' Coordinates were in British National Grid and have been converted to longitude and latitude.' : '';
	const placed = r.placedByContainment ? ` ${formatCount(r.placedByContainment)} areas were placed in their larger area by where they lie.` : '';
	return `Boundaries: ${formatCount(r.areaCount)} ${LEVEL_WORDS[r.level]} (${r.format === 'topojson' ? 'TopoJSON' : 'GeoJSON'}, codes and names from ${props}${r.vintage ? `, ${r.vintage} boundaries` : ''}). They replace any earlier ${LEVEL_WORDS[r.level]} on the Map page.${crs}${placed}`;
}

/**
 * Rules a user can put right by choosing the properties themselves: no code property (BND04), a
 * code repeated (BND05: often the wrong property), an unknown level (BND06), and codes matching
 * none of the data (BND10: e.g. 2021 codes recognised where the data has the 2011 ones).
 */
export const CHOOSABLE_RULES = ['BND04', 'BND05', 'BND06', 'BND10'] as const;

/** A boundary file's properties, for the user to choose the code, name and level from. */
export interface BoundaryEntry {
	properties: PropertyCandidate[];
	recognised: RecognisedProperties;
	/** What was used (or recognised) last time, for the form to start from. */
	codeProperty: string | null;
	nameProperty: string | null;
	level: AreaLevel | null;
	/** Open the form straight away: the file was refused for want of a choice. */
	needsChoice: boolean;
}

export type BoundaryChoice = Pick<BoundaryOptions, 'codeProperty' | 'nameProperty' | 'level'>;
/** A choice, and the earlier load of the same file it replaces. */
type BoundaryLoad = BoundaryChoice & { replaces?: number };

export type FileStatus = 'inspecting' | 'needs-mapping' | 'importing' | 'done' | 'duplicate' | 'failed' | 'cancelled';

export interface FileEntry {
	id: number;
	name: string;
	size: number;
	status: FileStatus;
	/** What is happening now, in words, and how far through the steps (0–1). */
	stage: string;
	progress: number;
	inspection: Inspection | null;
	mapping: Mapping | null;
	result: ImportResult | null;
	notices: string[];
	error: { detail: string; advice: string } | null;
	controller: AbortController | null;
	/** Boundary files only: their properties, once read. */
	boundary: BoundaryEntry | null;
}

let nextId = 1;

/** DuckDB-wasm reports running out of its heap in a few ways, depending on where it happened. */
export function isOutOfMemory(err: unknown): boolean {
	const message = err instanceof Error ? err.message : String(err);
	return /out of memory|memory access out of bounds|could not allocate|failed to allocate|Array buffer allocation failed|RangeError: Array buffer/i.test(message);
}

export class ImportSession {
	entries = $state<FileEntry[]>([]);
	/** The partnership key for pseudonymising case IDs: held in memory only, never stored. */
	partnershipKey = $state('');
	private queue: Promise<void> = Promise.resolve();
	/** Boundary files by entry, kept (as the browser's File, not read into memory) so they can be loaded again with other choices. */
	private boundaryFiles = new Map<number, File>();

	constructor(private engine: () => Engine | null) {}

	addFiles(files: Iterable<File>) {
		for (const file of files) {
			const entry: FileEntry = {
				id: nextId++, name: file.name, size: file.size, status: 'inspecting', stage: 'Waiting', progress: 0,
				inspection: null, mapping: null, result: null, notices: [], error: null, controller: null, boundary: null
			};
			this.entries.push(entry);
			const live = this.entries.at(-1)!;
			const tooBig = fileSizeProblem(file.name, file.size, settings.maxFileMb);
			if (tooBig) {
				this.fail(live, tooBig);
				continue;
			}
			if (isBoundaryFile(file.name)) this.boundaryFiles.set(live.id, file);
			this.enqueue(() => (isBoundaryFile(file.name) ? this.loadBoundaryFile(live, file) : this.inspect(live, file)));
		}
	}

	private enqueue(work: () => Promise<void>) {
		// The measures' background rebuild waits until the whole batch is in (workspace.svelte.ts, holdBackgroundWork).
		const release = workspace.holdBackgroundWork();
		const run = () => work().finally(release);
		this.queue = this.queue.then(run, run);
	}

	private fail(entry: FileEntry, err: unknown) {
		if (isOutOfMemory(err)) {
			err = new ImportError(
				entry.name,
				'is too big to import in this browser tab: the in-browser database ran out of memory (a tab can use about 2 GB). Nothing from this file was kept, and the rest of the workspace is as it was.',
				'Close other tabs and reload the page, then import the file again; or split it into smaller files (for example one per year).'
			);
		}
		entry.status = err instanceof DOMException && err.name === 'AbortError' ? 'cancelled' : 'failed';
		entry.stage = entry.status === 'cancelled' ? 'Cancelled: nothing from this file was kept' : 'Not imported';
		entry.error = err instanceof ImportError
			? { detail: `${err.fileName} ${err.detail}`, advice: err.advice }
			: entry.status === 'cancelled' ? null : { detail: `${entry.name}: ${(err as Error).message}`, advice: 'Nothing from this file was kept. Check the file and try again.' };
	}

	private async inspect(entry: FileEntry, file: File) {
		const engine = this.engine();
		if (!engine) return;
		try {
			entry.stage = 'Reading the file';
			entry.controller = new AbortController();
			const bytes = new Uint8Array(await file.arrayBuffer());
			const prepared = await prepareInWorker(file.name, bytes, entry.controller.signal);
			entry.stage = `Read ${formatCount(prepared.info.dataLines)} rows`;
			const inspection = await inspectFile(engine, { name: file.name, bytes, prepared });
			entry.inspection = inspection;
			entry.mapping = inspection.mapping;
			if (needsMapping(inspection)) {
				entry.status = 'needs-mapping';
				entry.stage = 'Needs a mapping';
			} else {
				await this.run(entry);
			}
		} catch (err) {
			this.fail(entry, err);
		} finally {
			entry.controller = null;
		}
	}

	/**
	 * A boundary file: checked by the BND rules and loaded whole, or refused with nothing changed.
	 * With `choice`, the code and name properties and the level are the user's, not recognised.
	 */
	private async loadBoundaryFile(entry: FileEntry, file: File, choice: BoundaryLoad = {}) {
		const engine = this.engine();
		if (!engine) return;
		entry.status = 'importing';
		entry.stage = 'Reading the boundaries';
		entry.error = null;
		entry.notices = [];
		let text: string | null = null;
		try {
			const bytes = new Uint8Array(await file.arrayBuffer());
			text = new TextDecoder('utf-8').decode(bytes);
			entry.stage = 'Checking and loading the boundaries';
			const options: BoundaryOptions = { ...choice };
			// Its transaction takes the engine lock like any import, so a save never catches it half done.
			const result = await exclusive(() => loadBoundaries(engine, { name: file.name, bytes }, options));
			const { level, vintage, format, sourceCrs, codeProperty, nameProperty, parentProperty, properties, areaCount, placedByContainment, ...bookkeeping } = result;
			void [vintage, format, sourceCrs, parentProperty, properties, areaCount, placedByContainment];
			entry.result = bookkeeping;
			entry.notices = result.duplicate ? [] : [boundaryNotice(result)];
			entry.status = result.duplicate ? 'duplicate' : 'done';
			entry.stage = result.duplicate ? 'Already imported: nothing changed' : 'Imported';
			entry.progress = 1;
			entry.boundary = this.choicesFor(file.name, text, { codeProperty, nameProperty, level, needsChoice: false });
			workspace.changed();
		} catch (err) {
			this.fail(entry, err);
			const choosable = err instanceof BoundaryError && (CHOOSABLE_RULES as readonly string[]).includes(err.code);
			entry.boundary =
				text === null
					? null
					: this.choicesFor(file.name, text, { codeProperty: choice.codeProperty ?? null, nameProperty: choice.nameProperty ?? null, level: choice.level ?? null, needsChoice: choosable });
		}
	}

	/** The file's properties and what was recognised, or null when it cannot be read as boundaries at all. */
	private choicesFor(fileName: string, text: string, used: Omit<BoundaryEntry, 'properties' | 'recognised'>): BoundaryEntry | null {
		try {
			const { properties, recognised } = boundaryChoices(fileName, text);
			return {
				properties,
				recognised,
				codeProperty: used.codeProperty ?? recognised.code,
				nameProperty: used.nameProperty ?? recognised.name,
				level: used.level ?? recognised.level,
				needsChoice: used.needsChoice
			};
		} catch {
			return null;
		}
	}

	/**
	 * Load a boundary file again with the user's choice of code and name properties and level.
	 * When it had loaded (or was already loaded), the new load replaces the earlier one in one
	 * transaction: a choice that breaks a rule leaves the earlier boundaries as they were.
	 */
	loadBoundaryWith(entry: FileEntry, choice: BoundaryChoice) {
		const file = this.boundaryFiles.get(entry.id);
		if (!this.engine() || !file) return;
		this.enqueue(async () => {
			const previous = entry.result;
			await this.loadBoundaryFile(entry, file, { ...choice, replaces: previous?.importId });
			if (previous && entry.status === 'failed') {
				// The error stays on show; the file's entry still describes what is loaded.
				entry.result = previous;
				entry.status = previous.duplicate ? 'duplicate' : 'done';
				entry.stage = 'Not loaded again: the boundaries loaded before are kept';
				if (entry.boundary) entry.boundary.needsChoice = true;
			}
		});
	}

	private async run(entry: FileEntry) {
		const engine = this.engine();
		if (!engine || !entry.inspection) return;
		entry.status = 'importing';
		entry.error = null;
		entry.controller = new AbortController();
		try {
			const file = entry.inspection.file;
			file.prepared ??= await prepareInWorker(file.name, file.bytes, entry.controller.signal);
			const outcome = await importFile(engine, entry.inspection, {
				mapping: entry.mapping ?? undefined,
				key: this.partnershipKey || null,
				signal: entry.controller.signal,
				onStage: (label, progress) => {
					entry.stage = label;
					entry.progress = progress;
				}
			});
			entry.result = outcome.result;
			entry.notices = outcome.notices;
			entry.status = outcome.result.duplicate ? 'duplicate' : 'done';
			entry.stage = outcome.result.duplicate ? 'Already imported: nothing changed' : 'Imported';
			entry.progress = 1;
			// The staging text is only needed to import; a re-run prepares the file again.
			entry.inspection.file.prepared = undefined;
			workspace.changed();
		} catch (err) {
			this.fail(entry, err);
		} finally {
			entry.controller = null;
		}
	}

	/** Save the user's mapping for this agency and import the file with it. */
	async applyMapping(entry: FileEntry, mapping: Mapping) {
		const engine = this.engine();
		if (!engine) return;
		await saveMapping(engine, mapping);
		entry.mapping = mapping;
		this.enqueue(() => this.run(entry));
	}

	/** Take out what this file loaded and import it again (after its mapping was fixed). */
	async rerun(entry: FileEntry, mapping?: Mapping) {
		const engine = this.engine();
		if (!engine || !entry.result) return;
		if (mapping) {
			await saveMapping(engine, mapping);
			entry.mapping = mapping;
		}
		const previous = entry.result;
		this.enqueue(async () => {
			await exclusive(() => removeImport(engine, previous.importId));
			workspace.changed();
			entry.result = null;
			await this.run(entry);
		});
	}

	cancel(entry: FileEntry) {
		entry.controller?.abort();
		if (entry.status === 'needs-mapping') {
			entry.status = 'cancelled';
			entry.stage = 'Cancelled: nothing from this file was kept';
		}
	}

	dismiss(entry: FileEntry) {
		this.boundaryFiles.delete(entry.id);
		this.entries = this.entries.filter((e) => e.id !== entry.id);
	}
}
