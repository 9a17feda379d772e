import type { ValidationRule } from './rule';

/**
 * The same record ID twice in one file is a duplicated row in the export: the first is kept and
 * the later ones are rejected, so nothing is counted twice. (Rows without a record ID are not
 * compared; the same child in several rows is normal.)
 */
export const duplicateRecordId: ValidationRule = {
	code: 'DUP01',
	title: 'Record IDs are unique within a file',
	message: 'repeats a record ID that appears on an earlier line of this file',
	advice: 'Remove the repeated row at source, or check the export did not run twice into one file.',
	check: ({ fields }) => {
		const id = fields.get('record_id');
		if (!id) return [];
		return [
			{
				field: 'record_id',
				failsWhen: `${id.raw} IS NOT NULL AND row_number() OVER (PARTITION BY ${id.raw} ORDER BY line) > 1`,
				acrossRows: true
			}
		];
	}
};
