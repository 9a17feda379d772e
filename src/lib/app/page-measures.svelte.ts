/**
 * The analyst pages' one pattern: whenever the data (the workspace revision) or what the page
 * asks for (its period, filters and options, read by `inputs`) changes, run the page's measures
 * again. A result that arrives after a newer change is dropped, so a slow query never overwrites
 * a newer answer; a failure is kept, in words, for the page to show.
 *
 * Call it while a component initialises (it sets up an effect). `inputs` returns null while the
 * page is not ready to ask (no period chosen yet). Read `$state` objects through
 * `$state.snapshot` inside `inputs`, so a change deep inside them is seen.
 *
 * Each run gets the engine as a page call's scope (`cohortScope`): its measures share one look at
 * the derived cohort tables and the figures kept per data change.
 */
import { EngineClosedError, type Engine } from '$lib/db/engine';
import { workspace } from './workspace.svelte';
import { newestOnly } from './newest-only';
import { cohortScope } from '$lib/measures/cohort-tables';

export interface PageMeasures<T> {
	/** The latest result, or null before the first one. */
	readonly result: T | null;
	/** What went wrong with the latest run, or null. */
	readonly failure: string | null;
}

export function pageMeasures<A, T>(inputs: () => A | null, run: (engine: Engine, args: A) => Promise<T>): PageMeasures<T> {
	let result = $state.raw<T | null>(null);
	let failure = $state<string | null>(null);
	const track = newestOnly<T>((outcome) => {
		if ('failure' in outcome) failure = outcome.failure;
		else [result, failure] = [outcome.result, null];
	});

	$effect(() => {
		void workspace.revision;
		const engine = workspace.engine;
		const args = inputs();
		if (!engine || args === null) return;
		// One look at the derived cohort tables for all the page's measures in this run (cohort-tables.ts).
		// A run for an engine closed meanwhile (the workspace was replaced) is no answer, not a
		// failure: the new engine's run follows.
		const work = run(cohortScope(engine), args).catch((err: unknown) => {
			if (err instanceof EngineClosedError) return new Promise<never>(() => undefined);
			throw err;
		});
		return track(work);
	});

	return {
		get result() {
			return result;
		},
		get failure() {
			return failure;
		}
	};
}
