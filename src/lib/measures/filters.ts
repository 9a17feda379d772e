/**
 * Filters that apply to every measure and page, and live in the URL so a view can be bookmarked
 * and shared. Record-level filters (agency, exploitation type, ward) choose which concern records
 * count; child-level filters (risk level, age band, sex, ethnic group) choose which children of
 * the resulting cohort are shown.
 */
export const AGE_BANDS = ['0-12', '13-15', '16-17', '18+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
	'0-12': '12 and under',
	'13-15': '13 to 15',
	'16-17': '16 to 17',
	'18+': '18 and over',
	unknown: 'Age not known'
};

export interface Filters {
	agency?: string[];
	exploitationType?: string[];
	/** Ward codes; a record counts when its home area lies in one of them. */
	ward?: string[];
	riskLevel?: string[];
	ageBand?: AgeBand[];
	sex?: string[];
	ethnicGroup?: string[];
}

export const FILTER_KEYS = ['agency', 'exploitationType', 'ward', 'riskLevel', 'ageBand', 'sex', 'ethnicGroup'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** URL query names, short and readable: ?agency=Police&risk=high&risk=medium */
const URL_NAMES: Record<FilterKey, string> = {
	agency: 'agency',
	exploitationType: 'type',
	ward: 'ward',
	riskLevel: 'risk',
	ageBand: 'age',
	sex: 'sex',
	ethnicGroup: 'ethnicity'
};

export function filtersFromUrl(params: URLSearchParams): Filters {
	const out: Filters = {};
	for (const key of FILTER_KEYS) {
		const values = params.getAll(URL_NAMES[key]).filter(Boolean);
		if (values.length) (out as Record<FilterKey, string[]>)[key] = values;
	}
	return out;
}

export function filtersToUrl(filters: Filters, params = new URLSearchParams()): URLSearchParams {
	for (const key of FILTER_KEYS) {
		params.delete(URL_NAMES[key]);
		for (const v of filters[key] ?? []) params.append(URL_NAMES[key], v);
	}
	return params;
}

export function isFiltered(filters: Filters): boolean {
	return FILTER_KEYS.some((k) => (filters[k]?.length ?? 0) > 0);
}
