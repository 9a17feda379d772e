/**
 * After a change to the data, the workspace rebuilds the measures' derived cohort tables in the
 * background (workspace.changed() → prepareCohortTables), so the first Summary or Trends view does
 * not wait for them; a batch of changes in quick succession builds once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { workspace } from '$lib/app/workspace.svelte';
import { cohortScope, cohortTable } from '$lib/measures/cohort-tables';
import { loadProfileFixture } from '../measures/fixture-profile';

describe('workspace.changed()', () => {
	let raw: Engine;
	const log: string[] = [];
	const builds = () => log.filter((q) => q.startsWith('CREATE OR REPLACE TEMP TABLE')).length;
	beforeAll(async () => {
		raw = await createNodeEngine();
		await loadProfileFixture(raw);
		workspace.engine = {
			...raw,
			query(sql, params) {
				log.push(sql);
				return raw.query(sql, params);
			}
		} as Engine;
	});
	afterAll(() => raw.close());

	it('rebuilds the derived tables in the background, once for changes in quick succession', async () => {
		workspace.changed();
		workspace.changed();
		expect(builds()).toBe(0); // not yet: it waits a moment for more changes
		await expect.poll(builds, { timeout: 10_000 }).toBe(2); // the month table and the financial periods'
		await new Promise((r) => setTimeout(r, 500));
		expect(builds()).toBe(2);
		// A page call then finds them ready.
		const page = cohortScope(workspace.engine!);
		expect(await cohortTable(page, 'months')).not.toBeNull();
		expect(await cohortTable(page, 'financial')).not.toBeNull();
		expect(builds()).toBe(2);
	});

	it('waits while a batch of imports holds it, and rebuilds once after the last is released', async () => {
		const before = builds();
		const first = workspace.holdBackgroundWork();
		const second = workspace.holdBackgroundWork();
		workspace.changed(); // the first file of the batch is in
		await new Promise((r) => setTimeout(r, 600));
		expect(builds()).toBe(before);
		first();
		first(); // releasing twice counts once
		workspace.changed(); // the second file is in
		await new Promise((r) => setTimeout(r, 600));
		expect(builds()).toBe(before);
		second();
		await expect.poll(builds, { timeout: 10_000 }).toBe(before + 2);
		await new Promise((r) => setTimeout(r, 500));
		expect(builds()).toBe(before + 2);
	});
});
