import { defineMeasure } from './measure';

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
		const [row] = await engine.query<{ children: number | null; year: number | null; age_from: number | null; age_to: number | null }>(
			`WITH partnership AS (
				-- The partnership's own local authority: one with wards or small areas of its own loaded.
				-- (A national population file brings every LA in England; those are for comparison.)
				SELECT a.area_code FROM areas a
				WHERE a.level = 'la' AND EXISTS (SELECT 1 FROM areas c WHERE c.parent_code = a.area_code)
			),
			usable AS (
				SELECT p.*, a.level
				FROM population p
				JOIN areas a ON a.area_code = p.area_code
				-- In WHERE rather than in the join condition, where the OR and IN made a slow nested-loop join.
				WHERE p.age_from >= 0 AND p.age_to <= 17
				  AND (a.level = 'small_area' OR (a.level = 'la' AND a.area_code IN (SELECT area_code FROM partnership)))
			),
			-- A GROUP BY rather than a window (PARTITION BY area and year): the same answer, and DuckDB's
			-- window operator costs tens of milliseconds even on a table this small.
			exact AS (
				SELECT area_code, year, bool_or(age_from = 0 AND age_to = 17) AS has_exact_band FROM usable GROUP BY area_code, year
			),
			-- Materialised: chosen_year and by_level both read it, and DuckDB would otherwise work it out twice.
			bands AS MATERIALIZED (
				SELECT u.* FROM usable u JOIN exact e USING (area_code, year)
				WHERE (e.has_exact_band AND u.age_from = 0 AND u.age_to = 17) OR NOT e.has_exact_band
			),
			chosen_year AS (
				SELECT coalesce(max(year) FILTER (WHERE year <= $1), min(year)) AS year FROM bands
			),
			by_level AS (
				SELECT level, sum(count) AS children, min(age_from) AS age_from, max(age_to) AS age_to
				FROM bands WHERE year = (SELECT year FROM chosen_year) GROUP BY level
			),
			chosen AS (
				SELECT * FROM by_level ORDER BY level = 'la' DESC LIMIT 1
			)
			-- One join rather than four scalar subqueries, each of which would work the CTEs out again.
			-- chosen_year is always one row; chosen is one row or none.
			SELECT c.children::INTEGER AS children,
			       y.year::INTEGER AS year,
			       c.age_from::INTEGER AS age_from,
			       c.age_to::INTEGER AS age_to
			FROM chosen_year y LEFT JOIN chosen c ON true`,
			[year]
		);
		return {
			children: row.children,
			ages: row.children === null ? null : [row.age_from!, row.age_to!],
			year: row.children === null ? null : row.year,
			requestedYear: year
		};
	}
});
