import type { ValidationRule } from './rule';

export const required: ValidationRule = {
	code: 'REQ01',
	title: 'Required field present',
	message: 'is empty, but every row needs it',
	advice: 'Fill it in at source and export again, or map a different column to it.',
	check: ({ fields }) =>
		[...fields.entries()]
			.filter(([, f]) => f.spec.required)
			.map(([field, f]) => ({ field, failsWhen: `${f.raw} IS NULL` }))
};
