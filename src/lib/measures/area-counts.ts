/**
 * Counts and rates by area, for every measure that has an area: the numbers behind the hotspot
 * map, its table and the `hotspots` command.
 *
 * Measures (named as the map and the command line name them):
 * - `concerns`: children identified at risk in the period (the cohort, counted once each, under
 *   the measures pages' filters; see cohort-sql.ts), by home area: the latest home area recorded on
 *   the child's records active in the period.
 * - `missing-episodes`: missing episodes starting in the period, by the area the child was found
 *   in. By default only episodes of children in the period's cohort under the filters (as on the
 *   Missing page); `missingScope: 'all'` counts every episode loaded.
 * - `locations` / `locations:<type>`: locations of concern in the period's months (the sum of
 *   their counts), all types or one type (e.g. `locations:hotel`).
 * - `police-crimes` / `police-crimes:<Crime type>`: police.uk crimes in the period's months (one
 *   per row), all or one crime type as police.uk names it (e.g.
 *   `police-crimes:Violence and sexual offences`), by the row's LSOA code.
 * Filters apply to `concerns` and `missing-episodes` only: the others are not about identified
 * children.
 *
 * Areas: the areas of the chosen level (small_area, ward, la) that have boundaries loaded (or
 * every area of that level when no boundaries of it are loaded). A row counts in an area when its
 * code is that area's code, or the code of an area inside it (a small area whose parent is the
 * ward, found from the area lookup or, failing that, by containment when the boundaries were
 * loaded). Rows whose code matches no area are counted in `unmatched`, and rows with no area code
 * in `noArea`, so `total = Σ area counts + unmatched + noArea` always: nothing is lost.
 *
 * Rate per 10,000 children: the area's children from the population table (ONS mid-year
 * estimates; an exact 0–17 band where loaded, else the bands within 0–17 summed, e.g. 0–15 in the
 * Indices of Deprivation file; `populationAges` says which), for the estimate year DfE's rule asks
 * for or the nearest earlier one loaded. A larger area without its own figure adds up its small
 * areas'. Null where no population is loaded for the area.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import { defineMeasure } from './measure';
import { cohortSql } from './cohort-sql';
import type { Filters } from './filters';
import { denominatorYear, type Period, type PeriodScheme } from './periods';
import { ratePer10k } from './summary';
import type { AreaLevel } from '$lib/geo/boundaries';

export const AREA_MEASURE_KINDS = ['concerns', 'missing-episodes', 'locations', 'police-crimes'] as const;
export type AreaMeasureKind = (typeof AREA_MEASURE_KINDS)[number];

export interface AreaMeasureInfo {
	kind: AreaMeasureKind;
	title: string;
	/** What one unit of the count is, for legends ("children", "crimes"). */
	unit: string;
	/** Whether `<kind>:<value>` narrows it to one type. */
	typed: boolean;
}

export const AREA_MEASURES: Record<AreaMeasureKind, AreaMeasureInfo> = {
	concerns: { kind: 'concerns', title: 'Children identified at risk, by home area', unit: 'children', typed: false },
	'missing-episodes': { kind: 'missing-episodes', title: 'Missing episodes, by area found', unit: 'episodes', typed: false },
	locations: { kind: 'locations', title: 'Locations of concern', unit: 'locations of concern', typed: true },
	'police-crimes': { kind: 'police-crimes', title: 'Police recorded crime (police.uk)', unit: 'crimes', typed: true }
};

export interface AreaMeasureName {
	kind: AreaMeasureKind;
	/** The location type or crime type after the colon; null for all. */
	type: string | null;
}

/** `police-crimes:Violence and sexual offences` → `{ kind: 'police-crimes', type: 'Violence and sexual offences' }`. */
export function parseAreaMeasure(name: string): AreaMeasureName {
	const colon = name.indexOf(':');
	const kind = (colon < 0 ? name : name.slice(0, colon)).trim();
	const type = colon < 0 ? null : name.slice(colon + 1).trim() || null;
	if (!(AREA_MEASURE_KINDS as readonly string[]).includes(kind)) {
		throw new Error(`"${name}" is not a measure with an area. Use one of: concerns, missing-episodes, locations, locations:<type>, police-crimes, police-crimes:<Crime type>.`);
	}
	const info = AREA_MEASURES[kind as AreaMeasureKind];
	if (type !== null && !info.typed) throw new Error(`The measure "${kind}" has no types ("${name}").`);
	return { kind: kind as AreaMeasureKind, type };
}

export function areaMeasureName({ kind, type }: AreaMeasureName): string {
	return type === null ? kind : `${kind}:${type}`;
}

/** The one-month period of `month` (`YYYY-MM` or any date in it), for playing through months on the map. */
export function monthPeriod(month: string): Period {
	const y = Number(month.slice(0, 4));
	const m = Number(month.slice(5, 7));
	if (!/^\d{4}-\d{2}/.test(month) || m < 1 || m > 12) throw new Error(`"${month}" is not a month (YYYY-MM).`);
	const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
	const mm = String(m).padStart(2, '0');
	const label = new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
	return { start: `${y}-${mm}-01`, end: `${y}-${mm}-${String(last).padStart(2, '0')}`, label };
}

export interface AreaCountParams {
	measure: string | AreaMeasureName;
	period: Pick<Period, 'start' | 'end'>;
	level: AreaLevel;
	filters?: Filters;
	missingScope?: 'cohort' | 'all';
	/** For the population year (DfE's rule differs between financial and calendar halves). */
	scheme?: PeriodScheme;
}

export interface AreaCountRow {
	code: string;
	name: string | null;
	count: number;
	/** Children in the area (see `populationAges`); null when none is loaded. */
	population: number | null;
	/** Per 10,000 children, one decimal; null without a population. */
	rate: number | null;
}

export interface AreaCounts {
	measure: string;
	level: AreaLevel;
	/** One row per area of the level, ordered by code; areas with nothing have count 0. */
	areas: AreaCountRow[];
	/** Everything the measure counts in the period, placed or not. */
	total: number;
	/** Counted rows whose area code matches no area of the map. */
	unmatched: { count: number; codes: number; examples: string[] };
	/** Counted rows with no area code at all. */
	noArea: number;
	populationYear: number | null;
	populationAges: [number, number] | null;
}

/** How many unmatched codes are named as examples. */
const UNMATCHED_EXAMPLES = 5;

/** SQL defining `events (code, n)`: what the measure counts, one row per thing (n = its weight). */
function eventsSql(m: AreaMeasureName, params: AreaCountParams, values: SqlParam[]): string {
	const p = (value: SqlParam) => {
		values.push(value);
		return `$${values.length}`;
	};
	const code = (column: string) => `NULLIF(trim(${column}), '')`;
	if (m.kind === 'concerns' || (m.kind === 'missing-episodes' && (params.missingScope ?? 'cohort') === 'cohort')) {
		const cohort = cohortSql(params.period, params.filters);
		values.push(...cohort.params);
		if (m.kind === 'concerns') {
			return `${cohort.sql},
			events AS (
				SELECT ${code('arg_max(a.home_area, a.identified_on) FILTER (WHERE NULLIF(trim(a.home_area), \'\') IS NOT NULL)')} AS code, 1 AS n
				FROM active a WHERE a.child_id IN (SELECT child_id FROM cohort)
				GROUP BY a.child_id
			)`;
		}
		return `${cohort.sql},
			events AS (
				SELECT ${code('area_found')} AS code, 1 AS n FROM missing_episodes
				WHERE started_at::DATE BETWEEN $1::DATE AND $2::DATE AND child_id IN (SELECT child_id FROM cohort)
			)`;
	}
	const start = p(params.period.start);
	const end = p(params.period.end);
	if (m.kind === 'missing-episodes') {
		return `events AS (
			SELECT ${code('area_found')} AS code, 1 AS n FROM missing_episodes WHERE started_at::DATE BETWEEN ${start}::DATE AND ${end}::DATE
		)`;
	}
	if (m.kind === 'locations') {
		return `events AS (
			SELECT ${code('area_code')} AS code, count AS n FROM locations
			WHERE month BETWEEN ${start}::DATE AND ${end}::DATE${m.type === null ? '' : ` AND location_type = ${p(m.type)}`}
		)`;
	}
	return `events AS (
		SELECT ${code('lsoa_code')} AS code, 1 AS n FROM police_crimes
		WHERE month BETWEEN ${start}::DATE AND ${end}::DATE${m.type === null ? '' : ` AND crime_type = ${p(m.type)}`}
	)`;
}

/**
 * SQL defining `map_areas` (the areas of the level on the map), `code_map (data_code, target)`
 * (which map area each known code counts in) and `pop (target, children, age_from, age_to)`.
 */
function areasSql(level: AreaLevel, year: number, values: SqlParam[]): string {
	values.push(level, year);
	const L = `$${values.length - 1}`;
	const Y = `$${values.length}`;
	return `
	map_areas AS (
		SELECT a.area_code, any_value(a.area_name) AS area_name FROM areas a
		WHERE a.level = ${L}
		  AND (NOT EXISTS (SELECT 1 FROM area_geometry g WHERE g.level = ${L})
		       OR a.area_code IN (SELECT g.area_code FROM area_geometry g WHERE g.level = ${L}))
		GROUP BY a.area_code
	),
	parents AS (
		SELECT area_code AS code, any_value(parent_code) AS parent FROM areas WHERE parent_code IS NOT NULL GROUP BY area_code
	),
	code_map AS (
		-- The area itself, else its parent, else its grandparent (small area → ward → local authority).
		SELECT DISTINCT ON (data_code) data_code, target FROM (
			SELECT area_code AS data_code, area_code AS target, 0 AS depth FROM map_areas
			UNION ALL SELECT p.code, p.parent, 1 FROM parents p JOIN map_areas m ON m.area_code = p.parent
			UNION ALL SELECT p.code, q.parent, 2 FROM parents p JOIN parents q ON q.code = p.parent JOIN map_areas m ON m.area_code = q.parent
		) ORDER BY data_code, depth, target
	),
	pop_rows AS (
		SELECT p.area_code, p.year, p.age_from, p.age_to, p.count,
		       bool_or(p.age_from = 0 AND p.age_to = 17) OVER (PARTITION BY p.area_code, p.year) AS has_exact_band
		FROM population p WHERE p.age_from >= 0 AND p.age_to <= 17
	),
	pop_mapped AS (
		SELECT m.target, r.*, r.area_code = m.target AS direct
		FROM pop_rows r JOIN code_map m ON m.data_code = r.area_code
		WHERE (r.has_exact_band AND r.age_from = 0 AND r.age_to = 17) OR NOT r.has_exact_band
	),
	pop_year AS (
		SELECT coalesce(max(year) FILTER (WHERE year <= ${Y}), min(year)) AS year FROM pop_mapped
	),
	pop AS (
		-- An area's own figure where loaded; otherwise the sum of the small areas inside it.
		SELECT target,
		       CASE WHEN bool_or(direct) THEN sum(count) FILTER (WHERE direct) ELSE sum(count) END AS children,
		       min(age_from) AS age_from, max(age_to) AS age_to
		FROM pop_mapped WHERE year = (SELECT year FROM pop_year) GROUP BY target
	)`;
}

export const areaCounts = defineMeasure<AreaCountParams, AreaCounts>({
	id: 'area-counts',
	title: 'Counts and rates by area',
	definition:
		'For the chosen measure and period: how many fall in each area of the map (by the area code recorded, or the code of a smaller area inside it), and the rate per 10,000 children living there. Rows whose area matches no area of the map are counted separately.',
	async run(engine, params) {
		const measure = typeof params.measure === 'string' ? parseAreaMeasure(params.measure) : params.measure;
		const values: SqlParam[] = [];
		const events = eventsSql(measure, params, values);
		const year = denominatorYear({ start: params.period.start, end: params.period.end, label: '' }, params.scheme ?? 'financial');
		const with_ = `WITH ${events}, ${areasSql(params.level, year, values)},
			per_area AS (SELECT m.target, sum(e.n) AS n FROM events e JOIN code_map m ON m.data_code = e.code GROUP BY m.target)`;

		const rows = await engine.query<{ code: string; name: string | null; count: number; population: number | null }>(
			`${with_}
			SELECT a.area_code AS code, a.area_name AS name, coalesce(c.n, 0)::INTEGER AS count, pop.children::INTEGER AS population
			FROM map_areas a LEFT JOIN per_area c ON c.target = a.area_code LEFT JOIN pop ON pop.target = a.area_code
			ORDER BY a.area_code`,
			values
		);
		const [summary] = await engine.query<{
			total: number; no_area: number; unmatched: number; unmatched_codes: number; examples: string[] | null;
			pop_year: number | null; age_from: number | null; age_to: number | null;
		}>(
			`${with_},
			placed AS (SELECT e.*, e.code IN (SELECT data_code FROM code_map) AS known FROM events e)
			SELECT coalesce(sum(n), 0)::INTEGER AS total,
			       coalesce(sum(n) FILTER (WHERE code IS NULL), 0)::INTEGER AS no_area,
			       coalesce(sum(n) FILTER (WHERE code IS NOT NULL AND NOT known), 0)::INTEGER AS unmatched,
			       count(DISTINCT code) FILTER (WHERE code IS NOT NULL AND NOT known)::INTEGER AS unmatched_codes,
			       list(DISTINCT code ORDER BY code) FILTER (WHERE code IS NOT NULL AND NOT known)[1:${UNMATCHED_EXAMPLES}] AS examples,
			       (SELECT year FROM pop_year)::INTEGER AS pop_year,
			       (SELECT min(age_from) FROM pop)::INTEGER AS age_from,
			       (SELECT max(age_to) FROM pop)::INTEGER AS age_to
			FROM placed`,
			values
		);
		const hasPopulation = rows.some((r) => r.population !== null);
		return {
			measure: areaMeasureName(measure),
			level: params.level,
			areas: rows.map((r) => ({ ...r, rate: ratePer10k(r.count, r.population) })),
			total: summary.total,
			unmatched: { count: summary.unmatched, codes: summary.unmatched_codes, examples: summary.examples ?? [] },
			noArea: summary.no_area,
			populationYear: hasPopulation ? summary.pop_year : null,
			populationAges: hasPopulation && summary.age_from !== null && summary.age_to !== null ? [summary.age_from, summary.age_to] : null
		};
	}
});

/** Area measures the workspace can show: each kind with data in it, and each location and crime type present. */
export async function availableAreaMeasures(engine: Engine): Promise<{ name: string; title: string }[]> {
	const [counts] = await engine.query<{ concerns: number; missing: number; locations: number; crimes: number }>(
		`SELECT (SELECT count(*) FROM concerns WHERE home_area IS NOT NULL)::INTEGER AS concerns,
		        (SELECT count(*) FROM missing_episodes WHERE area_found IS NOT NULL)::INTEGER AS missing,
		        (SELECT count(*) FROM locations)::INTEGER AS locations,
		        (SELECT count(*) FROM police_crimes)::INTEGER AS crimes`
	);
	const out: { name: string; title: string }[] = [];
	if (counts.concerns) out.push({ name: 'concerns', title: AREA_MEASURES.concerns.title });
	if (counts.missing) out.push({ name: 'missing-episodes', title: AREA_MEASURES['missing-episodes'].title });
	if (counts.locations) {
		out.push({ name: 'locations', title: `${AREA_MEASURES.locations.title}: all types` });
		const types = await engine.query<{ t: string }>(`SELECT DISTINCT location_type AS t FROM locations ORDER BY 1`);
		for (const { t } of types) out.push({ name: `locations:${t}`, title: `${AREA_MEASURES.locations.title}: ${t}` });
	}
	if (counts.crimes) {
		out.push({ name: 'police-crimes', title: `${AREA_MEASURES['police-crimes'].title}: all crime types` });
		const types = await engine.query<{ t: string }>(`SELECT DISTINCT crime_type AS t FROM police_crimes ORDER BY 1`);
		for (const { t } of types) out.push({ name: `police-crimes:${t}`, title: `${AREA_MEASURES['police-crimes'].title}: ${t}` });
	}
	return out;
}

/** The date column each kind is dated by (fixed names, never from data). */
const DATED_BY: Record<AreaMeasureKind, [string, string]> = {
	concerns: ['concerns', 'identified_on'],
	'missing-episodes': ['missing_episodes', 'started_at'],
	locations: ['locations', 'month'],
	'police-crimes': ['police_crimes', 'month']
};

/** First and last date (ISO) of the data behind a measure kind, to choose a default period; nulls when empty. */
export async function areaMeasureDates(engine: Engine, kind: AreaMeasureKind): Promise<{ first: string | null; last: string | null }> {
	const [table, column] = DATED_BY[kind];
	const [row] = await engine.query<{ first: string | null; last: string | null }>(
		`SELECT min(${column})::DATE AS first, max(${column})::DATE AS last FROM ${table}`
	);
	return row;
}
