import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { missingEpisodes, returnHomeInterviews } from '$lib/measures/missing';
import { periodContaining } from '$lib/measures/periods';
import { loadRiskFixture } from './fixture-risks';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025

const types = (missing: number, away: number, notRecorded: number) => [
	{ type: 'missing', label: 'Missing (M)', episodes: missing },
	{ type: 'away', label: 'Away without authorisation (A)', episodes: away },
	{ type: 'not_recorded', label: 'Not recorded', episodes: notRecorded }
];
const settings = (home: number, care: number, notRecorded: number) => [
	{ setting: 'home', label: 'From home', episodes: home },
	{ setting: 'care', label: 'From care', episodes: care },
	{ setting: 'not_recorded', label: 'Not recorded', episodes: notRecorded }
];

describe('Missing episodes and return-home interviews on the hand-made fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadRiskFixture(engine);
	});
	afterAll(() => engine.close());

	it('counts the cohort children\'s episodes starting in the period', async () => {
		// Starting in the period: e1, e2, e3 (K2), e4, e7 (K6, e7 at 23:30 on 30 Sep), e5 (K7).
		// e0 starts on 31 Mar (ends 1 Apr): out. e8 starts 1 Oct: out. K7 is not in the cohort: e5 out.
		// So 5 episodes, 2 children, K2 with 3 is repeat missing.
		// Ended: e1 12 h, e2 6 h, e4 36 h, e7 20 h; e3 is open and left out of the median.
		// Median of 6, 12, 20, 36 = (12 + 20) / 2 = 16.
		expect(await missingEpisodes.run(engine, CURRENT)).toEqual({
			scope: 'cohort',
			episodes: 5,
			children: 2,
			repeatChildren: 1,
			endedEpisodes: 4,
			openEpisodes: 1,
			endBeforeStart: 0,
			medianHours: 16,
			byType: types(4, 1, 0), // e2 is "away"
			bySetting: settings(2, 3, 0) // e4, e7 from home; e1–e3 from care
		});
	});

	it('counts every episode with scope "all", whoever the child', async () => {
		// Adds K7's e5 (2 h, type and setting not recorded). Median of 2, 6, 12, 20, 36 = 12.
		expect(await missingEpisodes.run(engine, { ...CURRENT, scope: 'all' })).toEqual({
			scope: 'all',
			episodes: 6,
			children: 3,
			repeatChildren: 1,
			endedEpisodes: 5,
			openEpisodes: 1,
			endBeforeStart: 0,
			medianHours: 12,
			byType: types(4, 1, 1),
			bySetting: settings(2, 3, 1)
		});
	});

	it('follows the filters through the cohort', async () => {
		// Age band 16–17: only K6 (born Jan 2009, 16 at the period start, when its carried-in case is counted).
		// K2 was 13 at its first assessment (20 May 2025; born June 2011). Episodes e4 (36 h) and e7 (20 h): median 28.
		expect(await missingEpisodes.run(engine, { ...CURRENT, filters: { ageBand: ['16-17'] } })).toEqual({
			scope: 'cohort',
			episodes: 2,
			children: 1,
			repeatChildren: 0,
			endedEpisodes: 2,
			openEpisodes: 0,
			endBeforeStart: 0,
			medianHours: 28,
			byType: types(2, 0, 0),
			bySetting: settings(2, 0, 0)
		});
		// Police records only: K1 and K4, neither of whom has an episode (K4 is flagged missing, but has no episode).
		// Every category still present, at 0, and no median.
		expect(await missingEpisodes.run(engine, { ...CURRENT, filters: { agency: ['Police'] } })).toEqual({
			scope: 'cohort',
			episodes: 0,
			children: 0,
			repeatChildren: 0,
			endedEpisodes: 0,
			openEpisodes: 0,
			endBeforeStart: 0,
			medianHours: null,
			byType: types(0, 0, 0),
			bySetting: settings(0, 0, 0)
		});
	});

	it('counts return-home interviews, with the 72-hour rule at its boundary', async () => {
		// Cohort episodes e1, e2, e3, e4, e7; e3 has not ended.
		// Offered: e1, e2, e4, e7 = 4. Accepted: e1, e2, e7 = 3 (e4 declined). Held (a date): e1, e2, e7 = 3.
		// Within 72 hours (interview date from the end date to the end date + 3 days):
		//   e1 ended 2 May, interview 5 May = end date + 3: within (the boundary).
		//   e2 ended 11 Jun, interview 15 Jun = end date + 4: not within.
		//   e7 ended 1 Oct (after the period: the episode started in it), interview 2 Oct: within.
		expect(await returnHomeInterviews.run(engine, CURRENT)).toEqual({
			scope: 'cohort', episodes: 5, endedEpisodes: 4, offered: 4, accepted: 3, held: 3, heldWithin72Hours: 2
		});
		// Scope "all" adds e5: ended, not offered.
		expect(await returnHomeInterviews.run(engine, { ...CURRENT, scope: 'all' })).toEqual({
			scope: 'all', episodes: 6, endedEpisodes: 5, offered: 4, accepted: 3, held: 3, heldWithin72Hours: 2
		});
		// Age band 16–17 (K6): e4 offered and declined, e7 held the next day.
		expect(await returnHomeInterviews.run(engine, { ...CURRENT, filters: { ageBand: ['16-17'] } })).toEqual({
			scope: 'cohort', episodes: 2, endedEpisodes: 2, offered: 2, accepted: 1, held: 1, heldWithin72Hours: 1
		});
	});

	it('moves an interview across the 72-hour boundary by one day', async () => {
		const within = async () => (await returnHomeInterviews.run(engine, CURRENT)).heldWithin72Hours;
		try {
			// e2's interview one day earlier: 14 Jun = end date (11 Jun) + 3, within. Now e1, e2, e7 = 3.
			await engine.exec(`UPDATE missing_episodes SET rhi_on = DATE '2025-06-14' WHERE child_id = 'K2' AND rhi_on = DATE '2025-06-15'`);
			expect(await within()).toBe(3);
			// e1's interview one day later: 6 May = end date (2 May) + 4, not within. Now e2, e7 = 2.
			await engine.exec(`UPDATE missing_episodes SET rhi_on = DATE '2025-05-06' WHERE child_id = 'K2' AND rhi_on = DATE '2025-05-05'`);
			expect(await within()).toBe(2);
		} finally {
			await engine.exec(`UPDATE missing_episodes SET rhi_on = DATE '2025-06-15' WHERE child_id = 'K2' AND rhi_on = DATE '2025-06-14';
			                   UPDATE missing_episodes SET rhi_on = DATE '2025-05-05' WHERE child_id = 'K2' AND rhi_on = DATE '2025-05-06';`);
		}
		expect(await within()).toBe(2);
	});
});
