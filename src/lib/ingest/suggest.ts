/**
 * Suggestions for the mapping step: which column probably feeds each field (from header names),
 * which date format the values are written in, and what coded values probably mean. The user
 * confirms or changes every suggestion; nothing here is applied silently.
 */
import { DEFAULT_BOOLEAN_VALUES, RISK_PRESETS, normaliseHeaderCell, type DateFormat, type MappedValue } from './mapping';
import type { FieldSpec, TargetTable } from './targets';
import { TARGETS } from './targets';
import { DFE_ETHNICITY, ETHNIC_GROUP_WORDS, NHS_ETHNICITY, SETTING_WORDS, SEX_WORDS } from './vocab';

/** Header names seen in agency exports for each field, normalised (lower case, single spaces). */
const SYNONYMS: Record<string, readonly string[]> = {
	child_id: ['child id', 'child ref', 'child reference', 'subject id', 'pseudonym', 'child pseudonym', 'person id', 'patient pseudo id', 'client id', 'case id', 'young person id', 'id'],
	record_id: ['ref no', 'record id', 'referral id', 'occurrence', 'occurrence ref', 'occurrence number', 'crime ref', 'reference', 'ref'],
	identified_on: ['date identified', 'referral date', 'date of concern', 'assessment date', 'date of referral', 'identified on', 'date recorded', 'date'],
	exploitation_type: ['exploitation type', 'primary concern', 'concern type', 'type of exploitation', 'exploitation'],
	risk_level: ['risk level', 'risk', 'concern level', 'seraf category', 'risk category', 'risk grading', 'grading', 'level of risk'],
	risk_label: [],
	risk_score: ['seraf score', 'risk score', 'score'],
	sex: ['sex', 'gender'],
	birth_month: ['month of birth', 'birth month', 'mob', 'date of birth', 'dob', 'birth date'],
	age_years: ['age', 'age at referral', 'age (yrs)', 'age years', 'age at identification'],
	ethnic_group: ['ethnicity', 'ethnic group', 'ethnicity code', 'ethnic origin'],
	ethnicity_code: [],
	disability_sen: ['disability', 'sen', 'disability/sen', 'send', 'learning disability'],
	home_area: ['home lsoa', 'home area', 'home area code', 'lsoa', 'lsoa code', 'area code', 'home ward'],
	looked_after: ['looked after', 'lac', 'cla', 'in care', 'looked after child'],
	care_leaver: ['care leaver'],
	flag_missing: ['missing', 'missing from home', 'going missing', 'missing episodes'],
	flag_school: ['school exclusion', 'excluded', 'school absence', 'education concern'],
	flag_substance: ['substance misuse', 'substance use', 'drugs', 'drug or alcohol'],
	flag_gangs: ['gang association', 'gangs', 'gang'],
	flag_cce: ['cce', 'criminal exploitation'],
	flag_trafficking: ['trafficking'],
	flag_older_partner: ['older partner', 'older boyfriend', 'older boyfriend/girlfriend'],
	flag_gifts: ['gifts', 'gifts or money', 'gifts money', 'unexplained gifts'],
	flag_online: ['online', 'online risk', 'online grooming', 'internet'],
	flag_sexual_health: ['sexual health', 'sexual health concern'],
	flag_self_harm: ['self harm', 'self-harm'],
	flag_mental_health: ['mental health', 'mental health concern'],
	status: ['status', 'case status'],
	closed_on: ['date closed', 'closed date', 'closure date', 'closed on'],
	started_at: ['episode start', 'start', 'missing from', 'start date', 'date missing'],
	ended_at: ['episode end', 'end', 'returned', 'end date', 'date returned', 'date found'],
	setting: ['placement type', 'placement', 'missing from (setting)', 'setting'],
	missing_or_away: ['missing/away', 'missing or away', 'm/a', 'type'],
	area_found: ['location found (lsoa)', 'location found', 'area found', 'found lsoa'],
	rhi_offered: ['rhi offered', 'return home interview offered', 'return interview offered'],
	rhi_accepted: ['rhi accepted', 'return home interview accepted', 'return interview accepted'],
	rhi_on: ['rhi date', 'return home interview date', 'date of rhi'],
	cse_concern: ['cse concern', 'cse', 'cse risk'],
	month: ['month', 'period'],
	area_code: ['area code', 'lsoa code', 'lsoa', 'area'],
	location_type: ['location type', 'type of location', 'place type'],
	count: ['count', 'number', 'n'],
	agency: ['agency', 'source']
};

const norm = (s: string) => normaliseHeaderCell(s).replace(/[_\s]+/g, ' ');

/** For each field of `target`, the column that most probably feeds it (exact synonym first, then a containing one). */
export function suggestColumns(target: TargetTable, header: readonly string[]): Record<string, string> {
	const out: Record<string, string> = {};
	const used = new Set<string>();
	const cells = header.map((h) => ({ h, n: norm(h) }));
	for (const spec of TARGETS[target]) {
		const names = SYNONYMS[spec.name] ?? [];
		// The agency's own label and code are kept from the same column as the normalised value.
		const keptFrom = spec.name === 'risk_label' ? 'risk_level' : spec.name === 'ethnicity_code' ? 'ethnic_group' : null;
		if (keptFrom && out[keptFrom]) {
			out[spec.name] = out[keptFrom];
			continue;
		}
		const exact = cells.find((c) => !used.has(c.h) && (names.includes(c.n) || c.n === norm(spec.name) || c.n === norm(spec.label)));
		const partial = exact ?? cells.find((c) => !used.has(c.h) && names.some((n) => n.length > 3 && c.n.includes(n)));
		if (partial) {
			out[spec.name] = partial.h;
			used.add(partial.h);
		}
	}
	return out;
}

/** The date format most of `values` parse in, or null if none fits them. */
export function guessDateFormat(values: readonly string[]): DateFormat | null {
	const tests: [DateFormat, RegExp][] = [
		['iso', /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/],
		['dmy', /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})( \d{1,2}:\d{2}(:\d{2})?)?$/],
		['ym', /^\d{4}-\d{2}$/],
		['mon-yy', /^[A-Za-z]{3,9}[- ](\d{2}|\d{4})$/],
		['excel', /^\d{5}(\.\d+)?$/]
	];
	const present = values.map((v) => v.trim()).filter(Boolean);
	if (!present.length) return null;
	let best: [DateFormat | null, number] = [null, 0];
	for (const [format, re] of tests) {
		const hits = present.filter((v) => re.test(v)).length;
		if (hits > best[1]) best = [format, hits];
	}
	return best[1] / present.length >= 0.8 ? best[0] : null;
}

/** Dictionaries a coded field's values are looked up in, in order. */
function dictionariesFor(spec: FieldSpec): Record<string, MappedValue>[] {
	switch (spec.name) {
		case 'sex':
			return [SEX_WORDS];
		case 'ethnic_group':
			return [ETHNIC_GROUP_WORDS, DFE_ETHNICITY, NHS_ETHNICITY];
		case 'setting':
			return [SETTING_WORDS];
		case 'missing_or_away':
			return [{ m: 'missing', a: 'away', missing: 'missing', away: 'away' }];
		case 'risk_level':
			return Object.values(RISK_PRESETS);
		case 'exploitation_type':
			return [{ cse: 'cse', cce: 'cce', both: 'both', other: 'other', 'cse & cce': 'both', 'cse and cce': 'both', 'sexual exploitation': 'cse', 'criminal exploitation': 'cce', sexual: 'cse', criminal: 'cce' }];
		case 'status':
			return [{ open: 'open', closed: 'closed', active: 'open', ended: 'closed', close: 'closed' }];
		default:
			return spec.kind === 'boolean' ? [DEFAULT_BOOLEAN_VALUES] : [];
	}
}

/**
 * What each of a coded column's values probably means. For risk levels, a preset that explains
 * every value wins over piecing values together from several scales.
 */
export function suggestValues(spec: FieldSpec, values: readonly string[]): Record<string, MappedValue | undefined> {
	const keys = values.map((v) => v.trim()).filter(Boolean);
	if (spec.name === 'risk_level') {
		const preset = Object.values(RISK_PRESETS).find((p) => keys.every((k) => k.toLowerCase() in p));
		if (preset) return Object.fromEntries(keys.map((k) => [k, preset[k.toLowerCase()]]));
	}
	const dictionaries = dictionariesFor(spec);
	const codes = new Set(spec.codes ?? []);
	return Object.fromEntries(
		keys.map((k) => {
			const lower = k.toLowerCase();
			if (codes.has(lower)) return [k, lower];
			for (const d of dictionaries) {
				if (lower in d) return [k, d[lower]];
				if (k in d) return [k, d[k]];
			}
			return [k, undefined];
		})
	);
}

export { SYNONYMS as FIELD_SYNONYMS };
