import { defineMeasure } from './measure';

export interface DataCoverage {
	firstDate: string | null;
	lastDate: string | null;
	partnershipName: string | null;
}

export const dataCoverage = defineMeasure<void, DataCoverage>({
	id: 'data-coverage',
	title: 'Data coverage',
	definition: 'The earliest and latest dates of concern records and missing episodes loaded.',
	async run(engine) {
		const [row] = await engine.query<DataCoverage>(
			`WITH dates AS (
				SELECT identified_on AS d FROM concerns
				UNION ALL SELECT started_at::DATE FROM missing_episodes
			)
			SELECT min(d) AS "firstDate", max(d) AS "lastDate",
			       coalesce(
			         (SELECT string_agg(DISTINCT area_name, ' and ') FROM areas a
			          WHERE level = 'la' AND EXISTS (SELECT 1 FROM areas c WHERE c.parent_code = a.area_code)),
			         (SELECT min(area_name) FROM areas WHERE level = 'la')) AS "partnershipName"
			FROM dates`
		);
		return row;
	}
});
