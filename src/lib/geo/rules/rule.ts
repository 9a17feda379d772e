/**
 * Checks on a boundary file, in the style of the import's validation rules (src/lib/ingest/rules):
 * one small rule per check, each with a code, a title, and advice on what to do. Unlike row rules,
 * a failing boundary rule refuses the whole file and nothing in the workspace changes: a map with
 * half its areas missing would mislead.
 */
import { ImportError } from '$lib/ingest/errors';

export interface BoundaryRule<Input> {
	code: string;
	title: string;
	/** What the rule asks of a boundary file, for the published list of rules. */
	message: string;
	/** What the user should do when the file fails. */
	advice: string;
	/** What is wrong and where (feature number, property, code), or null when the file passes. */
	check(input: Input): string | null;
}

/** A boundary file refused by a rule: the rule's code, what is wrong and where, and what to do. */
export class BoundaryError extends ImportError {
	constructor(
		fileName: string,
		readonly code: string,
		detail: string,
		advice: string
	) {
		super(fileName, `${detail} (${code})`, advice);
		this.name = 'BoundaryError';
	}
}

/** Throw the rule's error when `input` fails it. */
export function enforce<Input>(rule: BoundaryRule<Input>, fileName: string, input: Input): void {
	const problem = rule.check(input);
	if (problem !== null) throw new BoundaryError(fileName, rule.code, problem, rule.advice);
}

/** "feature 12 (E01015814)": where a problem is, for messages. Features count from 1, as people do. */
export function featureLabel(index: number, code?: string | null): string {
	return `feature ${index + 1}${code ? ` (${code})` : ''}`;
}

/** How many examples a message lists at most. */
export const EXAMPLES = 3;
