import type { ValidationRule } from './rule';

const NUMBER_KINDS = new Set(['integer', 'number']);

export const numberParses: ValidationRule = {
	code: 'NUM01',
	title: 'Numbers are numbers',
	message: 'is not a number',
	advice: 'Remove text from the cell (a blank is allowed), or map a different column.',
	check: ({ fields }) =>
		[...fields.entries()]
			.filter(([, f]) => NUMBER_KINDS.has(f.spec.kind))
			.map(([field, f]) => ({ field, failsWhen: `${f.raw} IS NOT NULL AND ${f.value} IS NULL` }))
};

export const numberInRange: ValidationRule = {
	code: 'NUM02',
	title: 'Numbers are in a plausible range (ages 0–25, scores 0–100, counts not negative)',
	message: 'is outside the plausible range for this field (ages must be 0–25)',
	advice: 'Check the value at source; ages over 25 usually mean a year or a score was exported in its place.',
	check: ({ fields }) =>
		[...fields.entries()]
			.filter(([, f]) => NUMBER_KINDS.has(f.spec.kind) && f.spec.range)
			.map(([field, f]) => {
				const [lo, hi] = f.spec.range!;
				return { field, failsWhen: `${f.value} NOT BETWEEN ${lo} AND ${hi}` };
			})
};
