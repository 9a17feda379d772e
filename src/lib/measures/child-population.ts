import { defineMeasure } from './measure';

export interface ChildPopulation {
	/** Children aged 0–17, or null when no population is loaded. */
	children: number | null;
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
		const [row] = await engine.query<{ children: number | null; year: number | null }>(
			`WITH usable AS (
				SELECT p.*, a.level,
				       bool_or(age_from = 0 AND age_to = 17) OVER (PARTITION BY p.area_code, p.year) AS has_exact_band
				FROM population p JOIN areas a ON a.area_code = p.area_code AND a.level IN ('la', 'small_area')
				WHERE p.age_from >= 0 AND p.age_to <= 17
			),
			bands AS (
				SELECT * FROM usable WHERE (has_exact_band AND age_from = 0 AND age_to = 17) OR NOT has_exact_band
			),
			chosen_year AS (
				SELECT coalesce(max(year) FILTER (WHERE year <= $1), min(year)) AS year FROM bands
			),
			by_level AS (
				SELECT level, sum(count) AS children FROM bands WHERE year = (SELECT year FROM chosen_year) GROUP BY level
			)
			SELECT coalesce((SELECT children FROM by_level WHERE level = 'la'),
			                (SELECT children FROM by_level WHERE level = 'small_area'))::INTEGER AS children,
			       (SELECT year FROM chosen_year)::INTEGER AS year`,
			[year]
		);
		return { children: row.children, year: row.children === null ? null : row.year, requestedYear: year };
	}
});
