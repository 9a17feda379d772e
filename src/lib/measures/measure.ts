import type { Engine } from '$lib/db/engine';

/**
 * A measure: one named, parameterised SQL query with a typed result and the plain-English
 * counting rule shown beside it wherever its numbers appear. Every number on every page and in
 * every export comes from a measure.
 */
export interface Measure<Params, Result> {
	id: string;
	title: string;
	/** The counting rule, period and denominator, in one or two sentences a board member can read. */
	definition: string;
	run(engine: Engine, params: Params): Promise<Result>;
}

export function defineMeasure<Params, Result>(m: Measure<Params, Result>): Measure<Params, Result> {
	return m;
}
