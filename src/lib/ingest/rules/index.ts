/** Every validation rule, in the order reasons are listed. The Rules page publishes this list. */
import type { ValidationRule } from './rule';
import { required } from './required';
import { dateInRange, dateParses, endNotBeforeStart } from './dates';
import { numberInRange, numberParses } from './numbers';
import { knownCode } from './codes';
import { duplicateRecordId } from './duplicates';

export const RULES: readonly ValidationRule[] = [
	required,
	dateParses,
	dateInRange,
	endNotBeforeStart,
	numberParses,
	numberInRange,
	knownCode,
	duplicateRecordId
];

export { reasonKey, type ValidationRule } from './rule';
