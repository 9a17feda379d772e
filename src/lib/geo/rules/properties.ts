/** Rules on the features' properties: every area has a code, once, and the level is known. */
import { EXAMPLES, featureLabel, type BoundaryRule } from './rule';

export interface CodeCheckInput {
	/** The property chosen (or recognised) as the area code; null when none was found. */
	property: string | null;
	/** Every property name the features have, to suggest one. */
	available: readonly string[];
	/** Each feature's value of the chosen property. */
	values: readonly unknown[];
}

export const codeProperty: BoundaryRule<CodeCheckInput> = {
	code: 'BND04',
	title: 'Every area has a code',
	message:
		'A property holds each area\'s code: recognised by name (LSOA21CD, WD24CD, LAD24CD, any …CD, or "code"), or chosen by the user. Every feature has a value.',
	advice: 'Choose the property that holds the area codes (e.g. LSOA21CD), or use a boundary file from the ONS Open Geography portal, which has one.',
	check({ property, available, values }) {
		if (property === null) {
			return `has no property recognisable as an area code (properties found: ${available.length ? available.join(', ') : 'none'}).`;
		}
		if (!available.includes(property)) return `has no property "${property}" (properties found: ${available.join(', ') || 'none'}).`;
		const blank = values.findIndex((v) => (typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '');
		return blank < 0 ? null : `${featureLabel(blank)} has no value in its code property "${property}".`;
	}
};

export const uniqueCodes: BoundaryRule<readonly string[]> = {
	code: 'BND05',
	title: 'Each code appears once',
	message: 'No two features have the same area code: each area is one feature (a MultiPolygon when it has several parts).',
	advice: 'Check that the code property is the right one (a ward file has many small areas per ward code); otherwise merge the parts into one feature.',
	check(codes) {
		const seen = new Set<string>();
		const repeated = new Set<string>();
		for (const c of codes) (seen.has(c) ? repeated : seen).add(c);
		if (!repeated.size) return null;
		return `has ${repeated.size} area code(s) on more than one feature, for example ${[...repeated].slice(0, EXAMPLES).join(', ')}.`;
	}
};

export interface LevelCheckInput {
	level: string | null;
	property: string;
	example: string;
}

export const knownLevel: BoundaryRule<LevelCheckInput> = {
	code: 'BND06',
	title: 'The level of the areas is known',
	message: 'The areas are small areas (LSOA/MSOA/OA), wards or local authorities: recognised from the code property or the codes, or chosen by the user.',
	advice: 'Say whether these are small areas, wards or local authorities.',
	check: ({ level, property, example }) =>
		level === 'small_area' || level === 'ward' || level === 'la'
			? null
			: `does not say which level its areas are (code property "${property}", codes such as ${example}).`
};
