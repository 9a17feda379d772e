import { describe, expect, it } from 'vitest';
import { newestOnly, type Outcome } from '$lib/app/newest-only';

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A promise the test settles by hand. */
function deferred<T>() {
	let resolve!: (v: T) => void;
	let reject!: (e: Error) => void;
	const promise = new Promise<T>((res, rej) => ([resolve, reject] = [res, rej]));
	return { promise, resolve, reject };
}

describe('newestOnly', () => {
	it('reports the newest run, and ignores an older one that finishes after it', async () => {
		const seen: Outcome<string>[] = [];
		const track = newestOnly<string>((o) => seen.push(o));
		const older = deferred<string>();
		const newer = deferred<string>();
		track(older.promise);
		track(newer.promise);
		newer.resolve('Oct–Mar 2026');
		older.resolve('Apr–Sep 2026, late');
		await settle();
		expect(seen).toEqual([{ result: 'Oct–Mar 2026' }]);
	});

	it('reports a failure in words, and ignores an older run that fails late', async () => {
		const seen: Outcome<string>[] = [];
		const track = newestOnly<string>((o) => seen.push(o));
		const older = deferred<string>();
		const newer = deferred<string>();
		track(older.promise);
		track(newer.promise);
		older.reject(new Error('stale failure'));
		newer.reject(new Error('Out of Memory Error: could not allocate block'));
		await settle();
		expect(seen).toEqual([{ failure: 'Out of Memory Error: could not allocate block' }]);
	});

	it('reports nothing for a run that was cancelled (its page moved on or closed)', async () => {
		const seen: Outcome<number>[] = [];
		const track = newestOnly<number>((o) => seen.push(o));
		const run = deferred<number>();
		const cancel = track(run.promise);
		cancel();
		run.resolve(42);
		await settle();
		expect(seen).toEqual([]);
		track(Promise.resolve(7));
		await settle();
		expect(seen).toEqual([{ result: 7 }]);
	});
});
