/**
 * The import pipeline, the same in the browser and on the command line:
 *   inspect (decode, read the header, recognise the layout or find a saved mapping, look for
 *   identifying columns) → import (the right loader, in one transaction).
 * A file the product does not recognise and has no mapping for waits for the user's mapping.
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent } from '$lib/db/engine';
import { recogniseFile, type Recognition } from './recognise';
import { detectIdentifyingColumns, looksPseudonymised, type ColumnPrivacy } from './privacy';
import { applyPrivacy, emptyPrivacyReport, type PrivacyReport } from './pseudonym';
import { findMappingForHeader } from './mapping-store';
import type { Mapping } from './mapping';
import { loadMapped } from './load-mapped';
import { loadRecognised } from './kinds';
import { STAGE, stageCsv, dropStage, prepareCsv, type CsvInfo } from './stage';
import type { ImportResult, SourceFile } from './import-run';
import { dateFormatNotice, overlapNotice, unknownAreaNotice } from './after-import';
// Loaders share one staging table per connection and import in a transaction: one at a time.
import { exclusive } from '$lib/db/exclusive';

export interface Inspection {
	file: SourceFile;
	decoded: CsvInfo;
	/** A published layout or template the product loads without a mapping. */
	recognition: Recognition | null;
	/** A saved (or template) mapping made for exactly this header. */
	mapping: Mapping | null;
	/** Columns that look identifying and what will happen to them. */
	privacy: ColumnPrivacy[];
}

export interface ImportOutcome {
	result: ImportResult;
	/** Plain-English notices for the user (identifying columns removed, and so on). */
	notices: string[];
	privacy: PrivacyReport | null;
}

export interface ImportOptions {
	/** Overrides the inspection's mapping (the user's choice in the mapping step). */
	mapping?: Mapping;
	/** The partnership key for pseudonymising case IDs; never stored. */
	key?: string | null;
	today?: string;
	signal?: AbortSignal;
	onStage?: (label: string, progress: number) => void;
}

/** Read a file far enough to know what it is. Throws ImportError for empty, binary or unreadable files. */
export async function inspectFile(engine: Engine, file: SourceFile): Promise<Inspection> {
	file.prepared ??= prepareCsv(file.name, file.bytes);
	const decoded = file.prepared.info;
	const recognition = recogniseFile(decoded.header);
	const mapping = recognition?.template?.mapping ?? (await findMappingForHeader(engine, decoded.header));
	// Published statistics and templates carry no personal data by design; agency exports are checked.
	const privacy = recognition && !recognition.template ? [] : detectIdentifyingColumns(decoded.header, decoded.preview);
	return { file, decoded, recognition: mapping && !recognition ? null : recognition, mapping, privacy };
}

/** True when the user must say what the columns mean before the file can be imported. */
export function needsMapping(inspection: Inspection): boolean {
	return !inspection.recognition && !inspection.mapping;
}

export function importFile(engine: Engine, inspection: Inspection, options: ImportOptions = {}): Promise<ImportOutcome> {
	return exclusive(() => importNow(engine, inspection, options));
}

async function importNow(engine: Engine, inspection: Inspection, options: ImportOptions): Promise<ImportOutcome> {
	const { file, recognition } = inspection;
	const mapping = options.mapping ?? inspection.mapping;
	options.onStage?.('Reading the file', 0.1);
	if (mapping) {
		const plan = privacyPlan(inspection, mapping);
		const effective = withBirthMonths(mapping, plan);
		// With nothing to remove the stage is never rewritten, so the loader may read the file
		// through a view instead of copying it into a table (no beforeConvert).
		let privacy: PrivacyReport | null = plan.length === 0 ? emptyPrivacyReport() : null;
		const result = await loadMapped(engine, file, effective, {
			today: options.today,
			signal: options.signal,
			onStage: options.onStage,
			beforeConvert:
				plan.length === 0
					? undefined
					: async () => {
							privacy = await applyPrivacy(engine, STAGE, plan, options.key ?? null);
						}
		});
		const report = privacy as PrivacyReport | null;
		const notices = [...encodingNotices(inspection), ...(report?.notices ?? [])];
		if (!result.duplicate) {
			const header = inspection.decoded.header;
			for (const notice of [
				await dateFormatNotice(engine, result, effective, header),
				await unknownAreaNotice(engine, result.importId, result.kind),
				await overlapNotice(engine, result.importId)
			]) {
				if (notice) notices.push(notice);
			}
		}
		return { result, notices, privacy: report };
	}
	if (!recognition) throw new Error(`${file.name} needs a mapping before it can be imported.`);
	options.onStage?.(`Loading ${recognition.label}`, 0.4);
	const result = await loadRecognised(engine, file, recognition, { today: options.today, signal: options.signal });
	return { result, notices: encodingNotices(inspection), privacy: null };
}

/** What the user should know about how the file's text was read. */
export function encodingNotices({ decoded }: Pick<Inspection, 'decoded'>): string[] {
	const stray = decoded.strayBytes;
	if (!stray) return [];
	if (stray.atEnd) {
		return [
			`The file ends part-way through a character (on line ${stray.firstLine.toLocaleString('en-GB')}), as if it was cut short. That character was read as "\uFFFD": check the file is the whole export, or export it again.`
		];
	}
	const what = stray.count === 1 ? '1 byte that is' : `${stray.count.toLocaleString('en-GB')} bytes that are`;
	return [
		`The file is UTF-8 but has ${what} not valid UTF-8 (the first on line ${stray.firstLine.toLocaleString('en-GB')}). Each was read as "\uFFFD" and the rest of the file as it is: check those cells, or export the file again.`
	];
}

/**
 * What to do with identifying columns for this mapping: what detection found, plus the column the
 * mapping uses as the child's identifier when its values are not already pseudonyms (an agency's
 * own case numbers must never be stored, whatever the column is called).
 */
function privacyPlan(inspection: Inspection, mapping: Mapping): ColumnPrivacy[] {
	const plan = [...inspection.privacy];
	const idColumn = mapping.fields.child_id?.column;
	if (!idColumn || plan.some((p) => p.column === idColumn)) return plan;
	const index = inspection.decoded.header.indexOf(idColumn);
	const values = inspection.decoded.preview.map((r) => r[index] ?? '').filter((v) => v.trim() !== '');
	if (index < 0 || looksPseudonymised(values)) return plan;
	plan.push({
		column: idColumn, index, kind: 'case_id', evidence: 'content', action: 'pseudonymise',
		message: `Column '${idColumn}' holds the agency's own IDs, so they will be replaced by keyed pseudonyms.`
	});
	return plan;
}

/** A date of birth is cut to its month before conversion, so the field that reads it must read `yyyy-mm`. */
function withBirthMonths(mapping: Mapping, plan: readonly ColumnPrivacy[]): Mapping {
	const degraded = new Set(plan.filter((p) => p.action === 'degrade_to_month').map((p) => p.column));
	const birth = mapping.fields.birth_month;
	if (!birth || !degraded.has(birth.column)) return mapping;
	return { ...mapping, fields: { ...mapping.fields, birth_month: { ...birth, format: 'ym' } } };
}

/**
 * The distinct values of one column across the whole file (for the mapping step's value
 * mapping), most frequent first. Capped: a coded column has a handful of values, and a column
 * with thousands is not a coded column.
 */
export function columnValues(engine: Engine, inspection: Inspection, column: string, limit = 60): Promise<string[]> {
	return exclusive(() => distinctValues(engine, inspection, column, limit));
}

async function distinctValues(engine: Engine, inspection: Inspection, column: string, limit: number): Promise<string[]> {
	const { columns } = await stageCsv(engine, inspection.file, `values-${Date.now()}.csv`);
	try {
		if (!columns.includes(column)) return [];
		const rows = await engine.query<{ v: string }>(
			// Staged cells are trimmed already, and blank ones are NULL.
			`SELECT ${quoteIdent(column)} AS v FROM ${STAGE}
			 WHERE ${quoteIdent(column)} IS NOT NULL
			 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?`,
			[limit]
		);
		return rows.map((r) => r.v);
	} finally {
		await dropStage(engine);
	}
}
