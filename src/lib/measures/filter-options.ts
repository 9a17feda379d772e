import { defineMeasure } from './measure';

export interface FilterOptions {
	agencies: string[];
	exploitationTypes: string[];
	wards: { code: string; name: string }[];
}

export const filterOptions = defineMeasure<void, FilterOptions>({
	id: 'filter-options',
	title: 'Values the filters offer',
	definition: 'The agencies, exploitation types and wards present in the loaded data.',
	async run(engine) {
		const agencies = await engine.query<{ v: string }>(`SELECT DISTINCT agency AS v FROM concerns ORDER BY 1`);
		const types = await engine.query<{ v: string }>(
			`SELECT DISTINCT exploitation_type AS v FROM concerns WHERE exploitation_type IS NOT NULL ORDER BY 1`
		);
		const wards = await engine.query<{ code: string; name: string }>(
			`SELECT area_code AS code, coalesce(area_name, area_code) AS name FROM areas WHERE level = 'ward' ORDER BY name`
		);
		return { agencies: agencies.map((r) => r.v), exploitationTypes: types.map((r) => r.v), wards };
	}
});
