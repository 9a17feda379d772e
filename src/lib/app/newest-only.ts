/**
 * Of several runs of the same work started one after another (a page's measures, as the user
 * changes the period or the filters), report only the outcome of the newest: an older run that
 * finishes late is ignored, whether it worked or failed.
 */
export type Outcome<T> = { result: T } | { failure: string };

/**
 * Returns `track(work)`: start following `work` (and stop following any earlier one). `track`
 * returns a cancel function that stops following it too, for an effect's cleanup.
 */
export function newestOnly<T>(report: (outcome: Outcome<T>) => void): (work: Promise<T>) => () => void {
	let newest = 0;
	return (work) => {
		const mine = ++newest;
		work.then(
			(result) => mine === newest && report({ result }),
			(err: unknown) => mine === newest && report({ failure: err instanceof Error ? err.message : String(err) })
		);
		return () => {
			if (mine === newest) newest += 1;
		};
	};
}
