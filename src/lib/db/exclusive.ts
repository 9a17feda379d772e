/**
 * One piece of work on the tab's engine at a time, for work that must not interleave: an import
 * runs in one transaction on the engine's single connection, and anything else run on that
 * connection meanwhile would join the transaction. A snapshot taken mid-import would save
 * uncommitted rows (half a file, after a reload); a draft saved mid-import would be rolled back
 * with a cancelled import. So imports, staging for the mapping step and saving the workspace all
 * queue here.
 */
let queue: Promise<unknown> = Promise.resolve();

export function exclusive<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work, work);
	queue = run.catch(() => undefined);
	return run;
}
