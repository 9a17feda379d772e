/**
 * Loads a police.uk street-level crime CSV (one force, one month) into `police_crimes`.
 *
 * Month `yyyy-mm` becomes the first day of the month; longitude and latitude become numbers.
 * An empty Crime ID is normal (anti-social behaviour has none), as is an empty LSOA or location
 * ("No location"). A row is rejected, with its reasons, when it has no month or crime type
 * (REQ01), a month that is not `yyyy-mm` (DAT01), a coordinate that is not a number (NUM01), only
 * one of the two coordinates (REQ01), or a coordinate outside the UK (NUM02).
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent } from '$lib/db/engine';
import { ImportError } from '../errors';
import { runImport, type ImportResult, type SourceFile } from '../import-run';
import { LINE_NUMBER, STAGE, stageCsv } from '../stage';
import { ParamList } from '../sql-params';
import { findColumn, POLICE_UK_HEADER } from './headers';
import { cellSql, finishRows, isNumberSql, numberSql, rawRowSql, reasonsSql } from './sql';

export const POLICE_UK_KIND = 'police_crimes';
export const POLICE_UK_LABEL = 'police.uk street-level crime';
export const POLICE_UK_AGENCY = 'Police (police.uk)';

/**
 * Coordinates police.uk can publish: the UK (Northern Ireland to the east coast, Scilly to
 * Shetland) with a margin. A point outside (including latitude and longitude swapped) is an error.
 */
export const UK_LONGITUDE = [-11, 4] as const;
export const UK_LATITUDE = [49, 62] as const;

/** Canonical field → police.uk column, in the order of `police_crimes`. */
const FIELDS = {
	crime_id: 'Crime ID',
	month: 'Month',
	reported_by: 'Reported by',
	falls_within: 'Falls within',
	longitude: 'Longitude',
	latitude: 'Latitude',
	location: 'Location',
	lsoa_code: 'LSOA code',
	lsoa_name: 'LSOA name',
	crime_type: 'Crime type',
	last_outcome: 'Last outcome category',
	context: 'Context'
} as const satisfies Record<string, (typeof POLICE_UK_HEADER)[number]>;
type Field = keyof typeof FIELDS;

const WORK = 'ingest_police_uk';

export interface PoliceUkOptions {
	/** Recorded as the import's agency; defaults to `Police (police.uk)`. */
	agency?: string;
}

export async function loadPoliceUk(engine: Engine, file: SourceFile, options: PoliceUkOptions = {}): Promise<ImportResult> {
	const mapping = { name: POLICE_UK_LABEL, target: POLICE_UK_KIND, fields: {} as Record<string, { column: string }> };
	const meta = { kind: POLICE_UK_KIND, agency: options.agency ?? POLICE_UK_AGENCY, mappingName: POLICE_UK_LABEL, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const { columns } = await stageCsv(engine, file, `import-${importId}.csv`);
		const col = {} as Record<Field, string | undefined>;
		for (const [field, published] of Object.entries(FIELDS) as [Field, string][]) {
			col[field] = findColumn(columns, published);
			if (col[field]) mapping.fields[field] = { column: col[field] };
		}
		const missing = (['month', 'crime_type'] as const).filter((f) => !col[f]);
		if (missing.length) {
			throw new ImportError(
				file.name,
				`is missing the police.uk column(s) ${missing.map((f) => FIELDS[f]).join(', ')}.`,
				`Download the street-level crime CSV from data.police.uk again; its header is ${POLICE_UK_HEADER.join(',')}.`
			);
		}
		const p = new ParamList();
		const cell = (f: Field) => (col[f] ? cellSql(col[f]) : 'NULL::VARCHAR');
		const coordinate = (f: 'longitude' | 'latitude', other: 'longitude' | 'latitude', [lo, hi]: readonly [number, number]) => [
			`CASE WHEN r_${f} IS NULL AND r_${other} IS NOT NULL THEN 'REQ01:${f}' END`,
			`CASE WHEN r_${f} IS NOT NULL AND NOT ${isNumberSql(`r_${f}`)} THEN 'NUM01:${f}' END`,
			`CASE WHEN v_${f} NOT BETWEEN ${p.add(lo)} AND ${p.add(hi)} THEN 'NUM02:${f}' END`
		];
		const reasons = reasonsSql([
			`CASE WHEN r_month IS NULL THEN 'REQ01:month' END`,
			`CASE WHEN r_month IS NOT NULL AND v_month IS NULL THEN 'DAT01:month' END`,
			`CASE WHEN r_crime_type IS NULL THEN 'REQ01:crime_type' END`,
			...coordinate('longitude', 'latitude', UK_LONGITUDE),
			...coordinate('latitude', 'longitude', UK_LATITUDE)
		]);
		const fields = Object.keys(FIELDS) as Field[];
		await engine.query(
			`CREATE OR REPLACE TEMP TABLE ${WORK} AS
			 WITH cells AS (
				SELECT ${LINE_NUMBER} AS line, ${rawRowSql(columns)} AS raw,
				       ${fields.map((f) => `${cell(f)} AS r_${f}`).join(', ')}
				FROM ${STAGE}
			 ), conv AS (
				SELECT *,
				       CASE WHEN regexp_full_match(r_month, '\\d{4}-\\d{2}') THEN try_strptime(r_month || '-01', '%Y-%m-%d')::DATE END AS v_month,
				       ${numberSql('r_longitude')} AS v_longitude,
				       ${numberSql('r_latitude')} AS v_latitude
				FROM cells
			 )
			 SELECT *, ${reasons} AS reasons FROM conv`,
			p.values
		);
		const value = (f: Field) => (f === 'month' || f === 'longitude' || f === 'latitude' ? `v_${f}` : `r_${f}`);
		await engine.query(
			`INSERT INTO police_crimes (import_id, line, ${fields.map(quoteIdent).join(', ')})
			 SELECT ?, line, ${fields.map(value).join(', ')} FROM ${WORK} WHERE len(reasons) = 0 ORDER BY line`,
			[importId]
		);
		return finishRows(engine, WORK, importId);
	});
}
