/**
 * Loads ONS mid-year population estimates into `population`, in the two layouts they are
 * published in, and adds the areas they name to `areas` when the workspace does not know them yet
 * (so rates per 10,000 can use them).
 *
 * - By local authority, DfE layout (`time_period, …, new_la_code, la_name, age_group,
 *   population_estimate`): one population row per input row. Every row is kept, National and
 *   Regional rows too, with their country or region code as `area_code`, so comparisons can use
 *   them. `year` is the first four digits of `time_period` (`2024` → 2024, `202425` → 2024); the
 *   age band comes from `age_group` text ("Children aged 0 to 17 years" → 0–17, "Under 18" → 0–17).
 * - By small area (LSOA), as used for the Indices of Deprivation (`LSOA code (2011)`, `LSOA name
 *   (2011)`, …, `Dependent Children aged 0-15: mid 2015 (excluding prisoners)`, …) or a plainer
 *   file (`LSOA21CD`, `children_0_17`): one population row per input row and per count column
 *   whose header names a closed age band (0–15 and 16–59 in the IoD file; open bands such as
 *   "60 and over" and mixed ones such as "18-59/64" are not loaded). The year comes from the
 *   header (`mid 2015`) unless given as an option; the boundary vintage from the code column's
 *   header (`(2011)`, `LSOA21CD`).
 *
 * Counts may carry thousands separators (`"1,296"` → 1296). A row is rejected whole, with its
 * reasons, when its year, area code, age band or any count is missing or unreadable (a published
 * symbol such as `x` is not a count: NUM01), or a count is negative (NUM02).
 */
import type { Engine } from '$lib/db/engine';
import { ImportError } from '../errors';
import { runImport, type ImportResult, type SourceFile } from '../import-run';
import { LINE_NUMBER, STAGE, stageCsv } from '../stage';
import { ParamList } from '../sql-params';
import { analyseLaPopulationHeader, analyseSmallAreaHeader, findColumn } from './headers';
import { cellSql, finishRows, numberSql, rawRowSql, reasonsSql } from './sql';

export const POPULATION_KIND = 'population';
export const POPULATION_LA_LABEL = 'ONS mid-year population by local authority (DfE layout)';
export const POPULATION_SMALL_AREA_LABEL = 'ONS mid-year population by small area (LSOA)';

export interface PopulationOptions {
	/**
	 * Which areas the file may add to `areas` (level `la` or `small_area`) when not already there:
	 * `true` (the default) every area it loads, `false` none, or a list of area codes.
	 */
	registerAreas?: boolean | readonly string[];
	/** Recorded as the import's agency; defaults to `ONS`. */
	agency?: string;
}

export interface SmallAreaPopulationOptions extends PopulationOptions {
	/** Mid-year of the estimates, when the header does not say (or to override it). */
	year?: number;
	/** Boundary vintage of the area codes (e.g. `2021`), when the header does not say. */
	vintage?: string;
	/** Age band of a count column whose header names none (e.g. just `children`). */
	ageBand?: readonly [number, number];
}

const WORK = 'ingest_population';

/** SQL: a count cell as an integer count, NULL when not a whole number as published. */
function countSql(raw: string): string {
	const v = numberSql(raw);
	return `CASE WHEN ${v} = floor(${v}) THEN (${v})::BIGINT END`;
}

/** False when `register` allows no area at all. */
function registersAny(register: boolean | readonly string[]): boolean {
	return register === true || (Array.isArray(register) && register.length > 0);
}

/** SQL restricting area registration to the listed codes; '' when every area may be added. */
function codeFilterSql(codeColumn: string, register: boolean | readonly string[], p: ParamList): string {
	if (!Array.isArray(register)) return '';
	return ` AND ${codeColumn} IN (${register.map((c) => `${p.add(c)}::VARCHAR`).join(', ')})`;
}

async function loadLaLayout(engine: Engine, file: SourceFile, columns: string[], importId: number, options: PopulationOptions, mapping: PopulationMapping) {
	const h = analyseLaPopulationHeader(columns);
	if (!h) {
		throw new ImportError(
			file.name,
			'is not a population file in the DfE layout (it needs time_period, geographic_level, new_la_code, age_group and population_estimate).',
			'Download the children population file again, or import it through a mapping to the population template.'
		);
	}
	const countryCode = findColumn(columns, 'country_code');
	const regionCode = findColumn(columns, 'region_code');
	const laCode = findColumn(columns, 'new_la_code', 'la_code', 'local_authority_code')!;
	const countryName = findColumn(columns, 'country_name');
	const regionName = findColumn(columns, 'region_name');
	const laName = findColumn(columns, 'la_name', 'local_authority_name');
	Object.assign(mapping.fields, {
		year: { column: h.timePeriod }, geographic_level: { column: h.geographicLevel }, area_code: { column: laCode },
		age_from: { column: h.ageGroup }, count: { column: h.population }
	});
	const p = new ParamList();
	const byLevel = (cols: (string | undefined)[]) => {
		const arms = ['national', 'regional', 'local authority']
			.map((level, i) => (cols[i] ? `WHEN ${p.add(level)}::VARCHAR THEN ${cellSql(cols[i]!)}` : ''))
			.filter(Boolean);
		return arms.length ? `CASE lower(${cellSql(h.geographicLevel)}) ${arms.join(' ')} END` : 'NULL::VARCHAR';
	};
	const areaCode = byLevel([countryCode, regionCode, laCode]);
	const areaName = byLevel([countryName, regionName, laName]);
	await engine.query(
		`CREATE OR REPLACE TEMP TABLE ${WORK} AS
		 WITH cells AS (
			SELECT ${LINE_NUMBER} AS line, ${rawRowSql(columns)} AS raw,
			       ${cellSql(h.timePeriod)} AS r_year, ${cellSql(h.geographicLevel)} AS r_level,
			       ${areaCode} AS area_code, ${areaName} AS area_name,
			       ${cellSql(h.ageGroup)} AS r_age, ${cellSql(h.population)} AS r_count
			FROM ${STAGE}
		 ), conv AS (
			SELECT *,
			       CASE WHEN regexp_full_match(r_year, '\\d{4}(\\d{2})?') THEN CAST(left(r_year, 4) AS INTEGER) END AS year,
			       regexp_extract(lower(r_age), '(\\d+)\\s*(?:-|–|to)\\s*(\\d+)', ['f', 't']) AS band,
			       TRY_CAST(NULLIF(regexp_extract(lower(r_age), 'under\\s*(\\d+)', 1), '') AS INTEGER) AS under,
			       ${countSql('r_count')} AS count
			FROM cells
		 ), aged AS (
			SELECT * EXCLUDE (band, under),
			       coalesce(TRY_CAST(NULLIF(band.f, '') AS INTEGER), CASE WHEN under IS NOT NULL THEN 0 END) AS age_from,
			       coalesce(TRY_CAST(NULLIF(band.t, '') AS INTEGER), under - 1) AS age_to
			FROM conv
		 )
		 SELECT *, ${reasonsSql([
				`CASE WHEN r_year IS NULL THEN 'REQ01:year' END`,
				`CASE WHEN r_year IS NOT NULL AND year IS NULL THEN 'DAT01:year' END`,
				`CASE WHEN r_level IS NULL THEN 'REQ01:geographic_level' END`,
				`CASE WHEN r_level IS NOT NULL AND area_code IS NULL THEN 'REQ01:area_code' END`,
				`CASE WHEN r_age IS NULL THEN 'REQ01:age_from' END`,
				`CASE WHEN r_age IS NOT NULL AND (age_from IS NULL OR age_to IS NULL OR age_from > age_to) THEN 'COD01:age_from' END`,
				`CASE WHEN r_count IS NULL THEN 'REQ01:count' END`,
				`CASE WHEN r_count IS NOT NULL AND count IS NULL THEN 'NUM01:count' END`,
				`CASE WHEN count < 0 THEN 'NUM02:count' END`
			])} AS reasons
		 FROM aged`,
		p.values
	);
	await engine.query(
		`INSERT INTO population (import_id, line, area_code, year, age_from, age_to, count)
		 SELECT ?, line, area_code, year, age_from, age_to, count FROM ${WORK} WHERE len(reasons) = 0 ORDER BY line`,
		[importId]
	);
	const register = options.registerAreas ?? true;
	if (registersAny(register)) {
		const q = new ParamList();
		await engine.query(
			`INSERT INTO areas (area_code, area_name, level, parent_code, vintage, import_id)
			 SELECT area_code, arg_max(area_name, year), 'la', NULL, NULL, ${q.add(importId)}::INTEGER
			 FROM ${WORK}
			 WHERE len(reasons) = 0 AND lower(r_level) = ${q.add('local authority')}::VARCHAR${codeFilterSql('area_code', register, q)}
			   AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.area_code = ${WORK}.area_code AND a.level = 'la')
			 GROUP BY area_code ORDER BY area_code`,
			q.values
		);
	}
	return finishRows(engine, WORK, importId);
}

async function loadSmallAreaLayout(
	engine: Engine, file: SourceFile, columns: string[], importId: number, options: SmallAreaPopulationOptions, mapping: PopulationMapping
) {
	const h = analyseSmallAreaHeader(columns);
	if (!h) {
		throw new ImportError(
			file.name,
			'is not a small-area population file (it needs an LSOA code column and a count column whose header names an age band, such as "Dependent Children aged 0-15").',
			'Import it through a mapping to the population template instead.'
		);
	}
	const bands = h.bands.map((b) => ({
		...b,
		ageFrom: b.ageFrom ?? options.ageBand?.[0] ?? null,
		ageTo: b.ageTo ?? options.ageBand?.[1] ?? null,
		year: options.year ?? b.year
	}));
	const noBand = bands.find((b) => b.ageFrom === null || b.ageTo === null);
	if (noBand) {
		throw new ImportError(file.name, `does not say which ages the column "${noBand.column}" counts.`, 'Give the age band (e.g. 0–17) when importing it.');
	}
	const noYear = bands.find((b) => b.year === null);
	if (noYear) {
		throw new ImportError(file.name, `does not say which mid-year the column "${noYear.column}" estimates.`, 'Give the year of the estimates (e.g. 2021) when importing it.');
	}
	mapping.fields.area_code = { column: h.areaCode };
	for (const b of bands) mapping.fields[b.column] = { column: b.column };
	const vintage = h.vintage ?? options.vintage ?? null;

	const p = new ParamList();
	const cells = bands.map(
		(b) => `{'f': ${p.add(b.ageFrom)}::INTEGER, 't': ${p.add(b.ageTo)}::INTEGER, 'y': ${p.add(b.year)}::INTEGER,
		         'k': ${p.add(b.column)}::VARCHAR, 'c': ${cellSql(b.column)}}`
	);
	await engine.query(
		`CREATE OR REPLACE TEMP TABLE ${WORK} AS
		 WITH cells AS (
			SELECT ${LINE_NUMBER} AS line, ${rawRowSql(columns)} AS raw,
			       ${cellSql(h.areaCode)} AS area_code,
			       ${h.areaName ? cellSql(h.areaName) : 'NULL::VARCHAR'} AS area_name,
			       ${h.laCode ? cellSql(h.laCode) : 'NULL::VARCHAR'} AS la_code,
			       ${h.laName ? cellSql(h.laName) : 'NULL::VARCHAR'} AS la_name,
			       [${cells.join(', ')}] AS cells
			FROM ${STAGE}
		 ), counts AS (
			SELECT * REPLACE (list_transform(cells, x -> {'f': x.f, 't': x.t, 'y': x.y, 'k': x.k, 'c': x.c, 'n': ${countSql('x.c')}}) AS cells)
			FROM cells
		 )
		 SELECT *,
		        list_concat(${reasonsSql([`CASE WHEN area_code IS NULL THEN 'REQ01:area_code' END`])},
		                    list_transform(list_filter(cells, x -> x.c IS NULL), x -> 'REQ01:' || x.k),
		                    list_transform(list_filter(cells, x -> x.c IS NOT NULL AND x.n IS NULL), x -> 'NUM01:' || x.k),
		                    list_transform(list_filter(cells, x -> x.n < 0), x -> 'NUM02:' || x.k)) AS reasons
		 FROM counts`,
		p.values
	);
	await engine.query(
		`INSERT INTO population (import_id, line, area_code, year, age_from, age_to, count)
		 SELECT ?, line, area_code, u.y, u.f, u.t, u.n
		 FROM (SELECT line, area_code, unnest(cells) AS u, generate_subscripts(cells, 1) AS i FROM ${WORK} WHERE len(reasons) = 0)
		 ORDER BY line, i`,
		[importId]
	);
	const register = options.registerAreas ?? true;
	if (registersAny(register)) {
		const q = new ParamList();
		await engine.query(
			`INSERT INTO areas (area_code, area_name, level, parent_code, vintage, import_id)
			 SELECT area_code, any_value(area_name), 'small_area', any_value(la_code), ${q.add(vintage)}::VARCHAR, ${q.add(importId)}::INTEGER
			 FROM ${WORK}
			 WHERE len(reasons) = 0${codeFilterSql('area_code', register, q)}
			   AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.area_code = ${WORK}.area_code AND a.level = 'small_area')
			 GROUP BY area_code ORDER BY area_code`,
			q.values
		);
		if (h.laCode) {
			const r = new ParamList();
			await engine.query(
				`INSERT INTO areas (area_code, area_name, level, parent_code, vintage, import_id)
				 SELECT la_code, any_value(la_name), 'la', NULL, ${r.add(h.laVintage)}::VARCHAR, ${r.add(importId)}::INTEGER
				 FROM ${WORK}
				 WHERE len(reasons) = 0 AND la_code IS NOT NULL${codeFilterSql('la_code', register, r)}
				   AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.area_code = ${WORK}.la_code AND a.level = 'la')
				 GROUP BY la_code ORDER BY la_code`,
				r.values
			);
		}
	}
	return finishRows(engine, WORK, importId);
}

interface PopulationMapping {
	name: string;
	target: 'population';
	fields: Record<string, { column: string }>;
}

/** Load an ONS population file by local authority, in the DfE layout. */
export function loadOnsPopulationLa(engine: Engine, file: SourceFile, options: PopulationOptions = {}): Promise<ImportResult> {
	const mapping: PopulationMapping = { name: POPULATION_LA_LABEL, target: 'population', fields: {} };
	const meta = { kind: POPULATION_KIND, agency: options.agency ?? 'ONS', mappingName: POPULATION_LA_LABEL, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const { columns } = await stageCsv(engine, file, `import-${importId}.csv`);
		return loadLaLayout(engine, file, columns, importId, options, mapping);
	});
}

/** Load an ONS population file by small area (LSOA). */
export function loadOnsPopulationSmallArea(engine: Engine, file: SourceFile, options: SmallAreaPopulationOptions = {}): Promise<ImportResult> {
	const mapping: PopulationMapping = { name: POPULATION_SMALL_AREA_LABEL, target: 'population', fields: {} };
	const meta = { kind: POPULATION_KIND, agency: options.agency ?? 'ONS', mappingName: POPULATION_SMALL_AREA_LABEL, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const { columns } = await stageCsv(engine, file, `import-${importId}.csv`);
		return loadSmallAreaLayout(engine, file, columns, importId, options, mapping);
	});
}
