import type { Engine } from '$lib/db/engine';
import { defineMeasure } from './measure';
import { keptPerData } from './cohort-tables';

export interface ChildPopulation {
	/** Children aged 0–17, or null when no population is loaded. */
	children: number | null;
	/** The ages the loaded bands cover, e.g. `[0, 17]`, or `[0, 15]` for a file that stops at 15. */
	ages: [number, number] | null;
	/** The mid-year estimate used. */
	year: number | null;
	/** The year DfE's rule asks for; differs from `year` when that estimate is not loaded. */
	requestedYear: number;
}

/** Children aged 0–17 for each of `years` (in order), in one query; see `childPopulation`. */
export async function childPopulationIn(engine: Engine, years: readonly number[]): Promise<ChildPopulation[]> {
	// Within a page call, each year's figure is kept until the data change (cohort-tables.ts):
	// it depends on the population and area tables only.
	const kept = await keptPerData<number, Promise<ChildPopulation>>(engine, childPopulation.id);
	const missing = [...new Set(years)].filter((y) => !kept?.has(y));
	const asked = new Map<number, Promise<ChildPopulation>>();
	if (missing.length) {
		const rows = populationQuery(engine, missing);
		for (const year of missing) {
			const one = rows.then((all) => all.get(year)!);
			asked.set(year, one);
			kept?.set(year, one);
		}
		// A failed query is not kept: the next call asks again.
		rows.catch(() => missing.forEach((y) => kept?.get(y) === asked.get(y) && kept?.delete(y)));
	}
	return Promise.all(years.map((y) => asked.get(y) ?? kept!.get(y)!));
}

/**
 * Children aged 0–17 in the partnership area, for rates per 10,000. Uses a local-authority row
 * where one is loaded, otherwise the sum of small areas. An exact 0–17 band is preferred; else
 * narrower bands inside 0–17 are summed (never overlapping bands, which would count twice).
 */
export const childPopulation = defineMeasure<{ year: number }, ChildPopulation>({
	id: 'child-population',
	title: 'Children aged 0–17',
	definition:
		'ONS mid-year estimate of children aged 0–17 for the partnership area: the estimate for the year before the reporting year ends (DfE practice), or the nearest earlier year loaded.',
	async run(engine, { year }) {
		const [population] = await childPopulationIn(engine, [year]);
		return population;
	}
});

/** The population for each of `years` (distinct), by year: one query for all of them. */
async function populationQuery(engine: Engine, years: readonly number[]): Promise<Map<number, ChildPopulation>> {
	const rows = await engine.query<{ requested: number; children: number | null; year: number | null; age_from: number | null; age_to: number | null }>(
		`WITH usable AS (
			SELECT p.area_code, p.year, p.age_from, p.age_to, p.count, a.level
			FROM population p
			JOIN areas a ON a.area_code = p.area_code
			-- In WHERE rather than in the join condition, where the OR and IN made a slow nested-loop join.
			-- An LA counts only if it is the partnership's own: one with wards or small areas of its own
			-- loaded (a national population file brings every LA in England; those are for comparison).
			WHERE p.age_from >= 0 AND p.age_to <= 17
			  AND (a.level = 'small_area' OR (a.level = 'la' AND a.area_code IN (SELECT parent_code FROM areas)))
		),
		-- Each area and year's 0–17 figure: its exact 0–17 band where one is loaded, else its narrower
		-- bands added up. One GROUP BY: this query is small enough that planning it is most of its time
		-- (a window, scalar subqueries, a materialised CTE and more CTEs each cost milliseconds in wasm).
		per_area AS (
			SELECT year, level,
			       CASE WHEN bool_or(age_from = 0 AND age_to = 17) THEN sum(count) FILTER (WHERE age_from = 0 AND age_to = 17) ELSE sum(count) END AS children,
			       CASE WHEN bool_or(age_from = 0 AND age_to = 17) THEN 0 ELSE min(age_from) END AS age_from,
			       CASE WHEN bool_or(age_from = 0 AND age_to = 17) THEN 17 ELSE max(age_to) END AS age_to
			FROM usable GROUP BY area_code, year, level
		),
		-- Each year's figure: the local-authority row where one is loaded, else its small areas added
		-- up (the only two levels in usable).
		by_year AS (
			SELECT year, arg_max({'children': children, 'age_from': age_from, 'age_to': age_to}, level = 'la') AS pick
			FROM (SELECT year, level, sum(children) AS children, min(age_from) AS age_from, max(age_to) AS age_to FROM per_area GROUP BY year, level)
			GROUP BY year
		),
		-- For each year asked: the latest estimate up to it, else the earliest loaded (NULL when none).
		chosen AS (
			SELECT r.year AS requested, coalesce(max(b.year) FILTER (WHERE b.year <= r.year), min(b.year)) AS year
			FROM (VALUES ${years.map((_, i) => `($${i + 1}::INTEGER)`).join(', ')}) r(year) LEFT JOIN by_year b ON true
			GROUP BY r.year
		)
		SELECT c.requested::INTEGER AS requested,
		       b.pick.children::INTEGER AS children,
		       c.year::INTEGER AS year,
		       b.pick.age_from::INTEGER AS age_from,
		       b.pick.age_to::INTEGER AS age_to
		FROM chosen c LEFT JOIN by_year b ON b.year = c.year`,
		years
	);
	return new Map(
		years.map((requestedYear) => {
			const row = rows.find((r) => r.requested === requestedYear)!;
			return [
				requestedYear,
				{
					children: row.children,
					ages: row.children === null ? null : [row.age_from!, row.age_to!],
					year: row.children === null ? null : row.year,
					requestedYear
				}
			];
		})
	);
}
