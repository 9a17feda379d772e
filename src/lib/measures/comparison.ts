/**
 * Comparison with England, the region and chosen neighbours (DESIGN.md "Measures" 10), from a
 * loaded DfE children-in-need "factors identified at the end of assessment" file.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import { defineMeasure } from './measure';

/** The published factors compared, as DfE names them (matched ignoring case, spaces and underscores). */
export const PUBLISHED_MEASURES = [
	'Child_sexual_exploitation',
	'Going_missing',
	'Child_criminal_exploitation',
	'Gangs',
	'Trafficking'
] as const;
export type PublishedMeasure = (typeof PUBLISHED_MEASURES)[number];

export const PUBLISHED_MEASURE_LABELS: Record<PublishedMeasure, string> = {
	Child_sexual_exploitation: 'Child sexual exploitation (11A)',
	Going_missing: 'Going missing (10A)',
	Child_criminal_exploitation: 'Child criminal exploitation (24A)',
	Gangs: 'Gangs (13A)',
	Trafficking: 'Trafficking (12A)'
};

export const ENGLAND_CODE = 'E92000001';

/** How a measure name is matched: lower case, no spaces or underscores (column names drift between releases). */
const keyOf = (name: string) => name.toLowerCase().replace(/[\s_]+/g, '');
const KEY_SQL = (expr: string) => `regexp_replace(lower(${expr}), '[\\s_]+', '', 'g')`;

export interface PublishedComparisonRow {
	timePeriod: string;
	areaCode: string;
	/** As published; null when the file has no row for the area. */
	areaName: string | null;
	/** The published geographic level (`National`, `Regional`, `Local authority`); null when no row. */
	level: string | null;
	measure: PublishedMeasure;
	/** The figure; null when suppressed or otherwise withheld (see `rawValue`), or not published. */
	value: number | null;
	/** The cell as published, e.g. `85` or `c` (suppressed); null when the file has no figure for it. */
	rawValue: string | null;
}

export interface PublishedComparisonParams {
	/** Area codes in the order to show them, e.g. the partnership's LA, its region, England, neighbours. */
	areaCodes: string[];
	/** How many of the latest time periods to show (default 3). */
	periods?: number;
}

export const publishedComparison = defineMeasure<PublishedComparisonParams, PublishedComparisonRow[]>({
	id: 'published-comparison',
	title: 'Comparison with England, region and neighbours',
	definition:
		'Published DfE children-in-need figures: factors identified at the end of assessment (child sexual exploitation, going missing, child criminal exploitation, gangs, trafficking). ' +
		'These count assessment episodes in each reporting year, not children, so they are not comparable with the number of children at risk: a child assessed twice counts twice. ' +
		'Suppressed or withheld figures are shown as published (c, x, z, …) and never as 0. Shows the latest periods published for the chosen areas; where a figure was loaded more than once, the latest import is used.',
	async run(engine, { areaCodes, periods = 3 }) {
		if (!areaCodes.length || periods < 1) return [];
		const params: SqlParam[] = [];
		const p = (v: SqlParam) => {
			params.push(v);
			return `$${params.length}`;
		};
		const areas = areaCodes.map((code, i) => `(${p(code)}::VARCHAR, ${i})`).join(', ');
		const measures = PUBLISHED_MEASURES.map((m, i) => `(${p(keyOf(m))}::VARCHAR, ${p(m)}::VARCHAR, ${i})`).join(', ');
		const limit = p(periods);
		const rows = await engine.query<PublishedComparisonRow>(
			`WITH wanted_areas(area_code, area_order) AS (VALUES ${areas}),
			wanted_measures(measure_key, measure, measure_order) AS (VALUES ${measures}),
			matching AS (
				SELECT s.*, m.measure AS canonical
				FROM published_stats s
				JOIN wanted_measures m ON m.measure_key = ${KEY_SQL('s.measure')}
				WHERE s.area_code IN (SELECT area_code FROM wanted_areas)
			),
			latest AS (
				-- One figure per period, area and measure: the latest import, then the first line.
				SELECT * FROM matching
				QUALIFY row_number() OVER (PARTITION BY time_period, area_code, canonical ORDER BY import_id DESC, line) = 1
			),
			periods AS (
				SELECT DISTINCT time_period FROM matching ORDER BY time_period DESC LIMIT ${limit}
			),
			names AS (
				SELECT area_code, arg_max(area_name, time_period) AS area_name, arg_max(geographic_level, time_period) AS level
				FROM matching GROUP BY area_code
			)
			SELECT t.time_period AS "timePeriod", a.area_code AS "areaCode",
			       coalesce(l.area_name, n.area_name) AS "areaName", coalesce(l.geographic_level, n.level) AS level,
			       m.measure,
			       -- A withheld figure (any cell that is not a number) is never a number, whatever was stored.
			       CASE WHEN l.raw_value IS NOT NULL AND try_cast(replace(l.raw_value, ',', '') AS DOUBLE) IS NULL THEN NULL
			            ELSE l.value END AS value,
			       l.raw_value AS "rawValue"
			FROM periods t CROSS JOIN wanted_areas a CROSS JOIN wanted_measures m
			LEFT JOIN latest l ON l.time_period = t.time_period AND l.area_code = a.area_code AND l.canonical = m.measure
			LEFT JOIN names n ON n.area_code = a.area_code
			ORDER BY t.time_period, a.area_order, m.measure_order`,
			params
		);
		return rows;
	}
});

export interface PartnershipAreaCodes {
	/** The partnership's own local authority code(s): LA rows in `areas` that have areas of their own loaded. */
	laCodes: string[];
	/** Its region (an E12 code), when the store links the LA to one and a published row names that region; else null. */
	regionCode: string | null;
}

/**
 * The area codes a comparison starts from. The region is the LA's parent in `areas` when that is
 * a region code that a published row carries (so there is something to compare with).
 */
export async function partnershipAreaCodes(engine: Engine): Promise<PartnershipAreaCodes> {
	const rows = await engine.query<{ area_code: string; region: string | null }>(
		`SELECT DISTINCT a.area_code,
		        coalesce(
		          -- The region from the area lookup, where it names one…
		          CASE WHEN a.parent_code LIKE 'E12%'
		                AND EXISTS (SELECT 1 FROM published_stats s WHERE s.area_code = a.parent_code) THEN a.parent_code END,
		          -- …else the region DfE publishes beside the LA's own rows (when its figures are loaded too).
		          (SELECT mode(s.region_code) FROM published_stats s
		           WHERE s.area_code = a.area_code AND s.region_code LIKE 'E12%'
		             AND EXISTS (SELECT 1 FROM published_stats r WHERE r.area_code = s.region_code))
		        ) AS region
		 FROM areas a
		 WHERE a.level = 'la' AND EXISTS (SELECT 1 FROM areas c WHERE c.parent_code = a.area_code)
		 ORDER BY a.area_code`
	);
	const laCodes = [...new Set(rows.map((r) => r.area_code))];
	const regions = [...new Set(rows.map((r) => r.region).filter((r): r is string => r !== null))];
	return { laCodes, regionCode: regions.length === 1 ? regions[0] : null };
}

/** The partnership's chosen comparator local authorities ("statistical neighbours"), in order. */
const NEIGHBOURS_KEY = 'comparison.neighbours';
/** DfE's statistical neighbour groups have ten members. */
export const MAX_NEIGHBOURS = 10;

export async function comparisonNeighbours(engine: Engine): Promise<string[]> {
	const rows = await engine.query<{ value: string }>(`SELECT value FROM preferences WHERE key = ?`, [NEIGHBOURS_KEY]);
	try {
		const codes: unknown = rows[0] ? JSON.parse(rows[0].value) : [];
		return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string').slice(0, MAX_NEIGHBOURS) : [];
	} catch {
		return [];
	}
}

export async function saveComparisonNeighbours(engine: Engine, codes: readonly string[]): Promise<void> {
	const unique = [...new Set(codes)].slice(0, MAX_NEIGHBOURS);
	await engine.query(`INSERT OR REPLACE INTO preferences VALUES (?, ?)`, [NEIGHBOURS_KEY, JSON.stringify(unique)]);
}

/** The local authorities with published figures, to choose neighbours from (name order). */
export function publishedLocalAuthorities(engine: Engine): Promise<{ code: string; name: string }[]> {
	return engine.query<{ code: string; name: string }>(
		`SELECT area_code AS code, arg_max(area_name, time_period) AS name FROM published_stats
		 WHERE lower(geographic_level) = 'local authority' AND area_code IS NOT NULL AND area_name IS NOT NULL
		 GROUP BY area_code ORDER BY name`
	);
}
