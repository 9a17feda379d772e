import type { ValidationRule } from './rule';

export const knownCode: ValidationRule = {
	code: 'COD01',
	title: 'Coded values are in the mapping',
	message: 'holds a value the mapping does not know',
	advice: 'Add the value to the mapping for this column (say what it means), then re-run the file.',
	check: ({ fields }) =>
		[...fields.entries()]
			.filter(([, f]) => f.known)
			.map(([field, f]) => ({ field, failsWhen: `${f.raw} IS NOT NULL AND NOT ${f.known}` }))
};
