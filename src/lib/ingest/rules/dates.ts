import type { ValidationRule } from './rule';

const DATE_KINDS = new Set(['date', 'timestamp', 'month']);

export const dateParses: ValidationRule = {
	code: 'DAT01',
	title: 'Dates parse',
	message: "is not a date in the mapping's date format",
	advice: 'Correct the date, or change the date format for this file in its mapping.',
	check: ({ fields }) =>
		[...fields.entries()]
			.filter(([, f]) => DATE_KINDS.has(f.spec.kind))
			.map(([field, f]) => ({ field, failsWhen: `${f.raw} IS NOT NULL AND ${f.value} IS NULL` }))
};

/** Exploitation records before 2000 are almost certainly typing errors (e.g. 01/01/1900 placeholders). */
export const EARLIEST_PLAUSIBLE_DATE = '2000-01-01';

export const dateInRange: ValidationRule = {
	code: 'DAT02',
	title: 'Dates not in the future or before 2000',
	message: `is in the future or before ${EARLIEST_PLAUSIBLE_DATE.slice(0, 4)} (1990 for months of birth)`,
	advice: 'Check the date at source; a placeholder date (such as 01/01/1900) should be left blank.',
	check: ({ fields, today }) =>
		[...fields.entries()]
			.filter(([, f]) => DATE_KINDS.has(f.spec.kind))
			.map(([field, f]) => ({
				field,
				failsWhen: `${f.value} IS NOT NULL AND (${f.value}::DATE < DATE '${f.spec.earliest ?? EARLIEST_PLAUSIBLE_DATE}' OR ${f.value}::DATE > ${today})`
			}))
};

export const endNotBeforeStart: ValidationRule = {
	code: 'DAT03',
	title: 'Missing episode ends after it starts',
	message: 'is before the episode start',
	advice: 'Check the start and end at source; the two may have been swapped.',
	check: ({ target, fields }) => {
		const start = fields.get('started_at');
		const end = fields.get('ended_at');
		if (target !== 'missing_episodes' || !start || !end) return [];
		return [{ field: 'ended_at', failsWhen: `${end.value} < ${start.value}` }];
	}
};
