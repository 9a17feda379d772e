import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { periodContaining } from '$lib/measures/periods';
import { childrenByAgeBand, childrenByDisability, childrenByEthnicGroup, childrenBySex } from '$lib/measures/profile';
import { agencyOverlap, agencyPairs, childrenByAgency } from '$lib/measures/agencies';
import { loadProfileFixture } from './fixture-profile';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025
const PREVIOUS = periodContaining('2024-10-01'); // Oct 2024–Mar 2025

/* The current cohort (Apr–Sep 2025) is A, B, D, E, G, H, I, L = 8 children:
 *   A  new; Police (20 Apr, high) and CSC (1 Aug, medium); born Jul 2009; female, white, SEN yes
 *   B  carried in (CSC, open since 15 Nov 2024); born Feb 2012; male, black, SEN no
 *   D  carried in (Police, closed 15 Apr 2025); born Sep 2008; male, mixed
 *   E  new (Voluntary, 30 Sep); age 12 recorded, no month of birth; sex and ethnicity not recorded
 *   G  new (CSC, 8 Aug, no risk level); born Mar 2013; male, other
 *   H  new (Police low and Health high, both 6 Jun); born Jun 2010; male, white
 *   I  new (Voluntary 5 May, Police 25 May, Health 1 Sep); born Apr 2008; female, mixed, SEN no
 *   L  re-referred (CSC, 15 Jul, high; his 2024 Police case closed in December); born Jan 2010; male, white, SEN yes
 * Not in it: C (one-off in January), F (1 Oct, after the end), K (closed 1 Mar, before the start).
 *
 * Ages (at the first assessment in the period; at 1 Apr 2025 for a case carried in), birthday taken as
 * the 1st of the birth month:
 *   A 15 on 20 Apr (turns 16 on 1 Jul, inside the period, but is aged at her first assessment) → 13–15
 *   B 13 on 1 Apr (he was 12 when identified in Nov 2024; carried in, so aged at the period start) → 13–15
 *   D 16 on 1 Apr → 16–17      E 12 as recorded → 0–12       G 12 on 8 Aug → 0–12
 *   H 15 on 6 Jun (birthday month: already 15) → 13–15         I 17 on 5 May → 16–17      L 15 on 15 Jul → 13–15
 */

const ageBands = (n: [number, number, number, number, number]) => [
	{ ageBand: '0-12', label: '12 and under', children: n[0] },
	{ ageBand: '13-15', label: '13 to 15', children: n[1] },
	{ ageBand: '16-17', label: '16 to 17', children: n[2] },
	{ ageBand: '18+', label: '18 and over', children: n[3] },
	{ ageBand: 'unknown', label: 'Age not known', children: n[4] }
];
const sexes = (n: [number, number, number, number]) => [
	{ sex: 'female', label: 'Female', children: n[0] },
	{ sex: 'male', label: 'Male', children: n[1] },
	{ sex: 'other', label: 'Other', children: n[2] },
	{ sex: 'unknown', label: 'Not known', children: n[3] }
];
const agencies = (n: [number, number, number, number, number]) =>
	['CSC', 'Education', 'Health', 'Police', 'Voluntary'].map((agency, i) => ({ agency, children: n[i] }));
const overlap = (n: [number, number, number]) => [
	{ agencies: '1', label: 'Known to one agency', children: n[0] },
	{ agencies: '2', label: 'Known to two agencies', children: n[1] },
	{ agencies: '3+', label: 'Known to three or more agencies', children: n[2] }
];

describe('Profile and agency measures on the profile fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadProfileFixture(engine);
	});
	afterAll(() => engine.close());

	it('profiles the cohort by age band, sex, ethnic group and disability/SEN', async () => {
		// Age bands: 0–12 E, G; 13–15 A, B, H, L; 16–17 D, I (see the ages above).
		expect(await childrenByAgeBand.run(engine, CURRENT)).toEqual(ageBands([2, 4, 2, 0, 0]));
		// Sex (latest recorded): female A, I; male B, D, G, H, L; not known E.
		expect(await childrenBySex.run(engine, CURRENT)).toEqual(sexes([2, 5, 0, 1]));
		// Ethnic group: white A, H, L; mixed D, I; black B; other G; not known E.
		expect(await childrenByEthnicGroup.run(engine, CURRENT)).toEqual([
			{ ethnicGroup: 'white', label: 'White', children: 3 },
			{ ethnicGroup: 'mixed', label: 'Mixed or multiple ethnic groups', children: 2 },
			{ ethnicGroup: 'asian', label: 'Asian or Asian British', children: 0 },
			{ ethnicGroup: 'black', label: 'Black, Black British, Caribbean or African', children: 1 },
			{ ethnicGroup: 'other', label: 'Other ethnic group', children: 1 },
			{ ethnicGroup: 'unknown', label: 'Not known', children: 1 }
		]);
		// Disability/SEN: yes A (her Police record; the CSC one is blank), L (his current CSC record);
		// no B, I (I's later records are blank, none says yes); not recorded D, E, G, H.
		expect(await childrenByDisability.run(engine, CURRENT)).toEqual([
			{ disabilitySen: 'yes', label: 'Disability or SEN', children: 2 },
			{ disabilitySen: 'no', label: 'No disability or SEN', children: 2 },
			{ disabilitySen: 'not_recorded', label: 'Not recorded', children: 4 }
		]);
	});

	it('ages a child at their first assessment in the period, or at the period start when carried in', async () => {
		// Under 13: E and G only. B was 12 when CSC identified him (Nov 2024) but 13 on 1 Apr 2025.
		const under13 = await childrenBySex.run(engine, { ...CURRENT, filters: { ageBand: ['0-12'] } });
		expect(under13).toEqual(sexes([0, 1, 0, 1])); // G male, E not known
		// 16–17: D (male) and I (female). A is 16 by the end of the period but was 15 at her
		// first assessment in it, so she is not here.
		expect(await childrenBySex.run(engine, { ...CURRENT, filters: { ageBand: ['16-17'] } })).toEqual(sexes([1, 1, 0, 0]));
		// 13–15: A (female); B, H, L (male).
		expect(await childrenBySex.run(engine, { ...CURRENT, filters: { ageBand: ['13-15'] } })).toEqual(sexes([1, 3, 0, 0]));
		// The previous period (Oct 2024–Mar 2025) is B, C, D, K, L. B was identified in it (15 Nov 2024),
		// aged 12 then → 0–12: the same child is 0–12 in one period and 13–15 in the next. K 12 on 5 Oct 2024 (born Nov 2011) → 0–12. C 14 on 20 Jan
		// → 13–15. L carried in from June 2024: 14 on 1 Oct 2024 → 13–15. D 16 on 1 Dec 2024 → 16–17.
		expect(await childrenByAgeBand.run(engine, PREVIOUS)).toEqual(ageBands([2, 2, 1, 0, 0]));
	});

	it('changes the profile as the filters say', async () => {
		// Police records only: A (15), D (16), H (15), I (17).
		expect(await childrenByAgeBand.run(engine, { ...CURRENT, filters: { agency: ['Police'] } })).toEqual(ageBands([0, 2, 2, 0, 0]));
		// High at the latest assessment: D, H (same-day tie), L, all boys; white H, L and mixed D.
		expect(await childrenBySex.run(engine, { ...CURRENT, filters: { riskLevel: ['high'] } })).toEqual(sexes([0, 3, 0, 0]));
		expect(
			(await childrenByEthnicGroup.run(engine, { ...CURRENT, filters: { riskLevel: ['high'] } })).map((r) => r.children)
		).toEqual([2, 1, 0, 0, 0, 0]);
		// Police records only changes who is high: A's latest police assessment is high (her medium one was
		// CSC's) and H's is low (his high one was Health's). High: A, D → a girl and a boy.
		expect(await childrenBySex.run(engine, { ...CURRENT, filters: { agency: ['Police'], riskLevel: ['high'] } })).toEqual(sexes([1, 1, 0, 0]));
		// Ward One (small areas 001A, 001B): A and B live there; D lives in Ward Two; the rest have no home area.
		expect(await childrenBySex.run(engine, { ...CURRENT, filters: { ward: ['X05000001'] } })).toEqual(sexes([1, 1, 0, 0]));
	});

	it('counts a child known to two agencies once in the cohort and once per agency', async () => {
		// Agencies with records active in Apr–Sep 2025: CSC A, B, G, L; Health H, I; Police A, D, H, I;
		// Voluntary E, I. Education's only record (K) closed in March: listed, with 0.
		const byAgency = await childrenByAgency.run(engine, CURRENT);
		expect(byAgency).toEqual(agencies([4, 0, 2, 4, 2]));
		// 12 agency rows for 8 children: A and H counted twice, I three times.
		const cohort = (await childrenByAgeBand.run(engine, CURRENT)).reduce((n, r) => n + r.children, 0);
		expect(cohort).toBe(8);
		expect(byAgency.reduce((n, r) => n + r.children, 0)).toBe(12);
		// Known to one agency: B, D, E, G, L; two: A, H; three or more: I.
		expect(await agencyOverlap.run(engine, CURRENT)).toEqual(overlap([5, 2, 1]));
		// Pairs: CSC–Police A; Health–Police H, I; Health–Voluntary I; Police–Voluntary I; the rest 0.
		expect(await agencyPairs.run(engine, CURRENT)).toEqual([
			{ agencyA: 'CSC', agencyB: 'Education', children: 0 },
			{ agencyA: 'CSC', agencyB: 'Health', children: 0 },
			{ agencyA: 'CSC', agencyB: 'Police', children: 1 },
			{ agencyA: 'CSC', agencyB: 'Voluntary', children: 0 },
			{ agencyA: 'Education', agencyB: 'Health', children: 0 },
			{ agencyA: 'Education', agencyB: 'Police', children: 0 },
			{ agencyA: 'Education', agencyB: 'Voluntary', children: 0 },
			{ agencyA: 'Health', agencyB: 'Police', children: 2 },
			{ agencyA: 'Health', agencyB: 'Voluntary', children: 1 },
			{ agencyA: 'Police', agencyB: 'Voluntary', children: 1 }
		]);
		// L's Police case closed in December 2024, so in this period he is known to CSC only; in the
		// previous period he was known to Police only (B, C, D, K, L: one agency each).
		expect(await agencyOverlap.run(engine, PREVIOUS)).toEqual(overlap([5, 0, 0]));
		expect(await childrenByAgency.run(engine, PREVIOUS)).toEqual(agencies([1, 1, 1, 2, 0]));
	});

	it('applies the filters to the agency tables', async () => {
		// Police only: A, D, H, I, each counted among the Police records only, so nobody is multi-agency.
		expect(await childrenByAgency.run(engine, { ...CURRENT, filters: { agency: ['Police'] } })).toEqual(agencies([0, 0, 0, 4, 0]));
		expect(await agencyOverlap.run(engine, { ...CURRENT, filters: { agency: ['Police'] } })).toEqual(overlap([4, 0, 0]));
		// High: D (Police), H (Police and Health: his police record was low, but a child-level filter picks
		// children, and all their records in the period count), L (CSC).
		const high = { ...CURRENT, filters: { riskLevel: ['high'] } };
		expect(await childrenByAgency.run(engine, high)).toEqual(agencies([1, 0, 1, 2, 0]));
		expect(await agencyOverlap.run(engine, high)).toEqual(overlap([2, 1, 0]));
		expect((await agencyPairs.run(engine, high)).filter((r) => r.children > 0)).toEqual([{ agencyA: 'Health', agencyB: 'Police', children: 1 }]);
		// Aged 13–15: A (Police, CSC), B (CSC), H (Police, Health), L (CSC).
		const teens = { ...CURRENT, filters: { ageBand: ['13-15' as const] } };
		expect(await childrenByAgency.run(engine, teens)).toEqual(agencies([3, 0, 1, 2, 0]));
		expect(await agencyOverlap.run(engine, teens)).toEqual(overlap([2, 2, 0]));
		// Ward One: A (Police, CSC) and B (CSC).
		expect(await childrenByAgency.run(engine, { ...CURRENT, filters: { ward: ['X05000001'] } })).toEqual(agencies([2, 0, 0, 1, 0]));
	});
});
