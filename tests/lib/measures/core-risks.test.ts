import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { CORE_RISKS, MAIN_RISKS, coreRiskCoOccurrence, coreRiskPrevalence, type CoreRisk, type MainRisk } from '$lib/measures/core-risks';
import { periodContaining } from '$lib/measures/periods';
import { loadRiskFixture } from './fixture-risks';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025

/** The full square from the unordered pairs with children (others are 0). */
function square(pairs: [MainRisk, MainRisk, number][]): { a: MainRisk; b: MainRisk; children: number }[] {
	const count = (a: MainRisk, b: MainRisk) => pairs.find(([x, y]) => (x === a && y === b) || (x === b && y === a))?.[2] ?? 0;
	return MAIN_RISKS.flatMap((a) => MAIN_RISKS.map((b) => ({ a, b, children: count(a, b) })));
}

describe('Core risks on the hand-made fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadRiskFixture(engine);
	});
	afterAll(() => engine.close());

	it('counts every core risk among the cohort, every risk present, in order', async () => {
		const rows = await coreRiskPrevalence.run(engine, CURRENT);
		expect(rows.map((r) => r.risk)).toEqual(CORE_RISKS);
		expect(rows.every((r) => r.cohort === 6 && r.label.length > 0)).toBe(true);
		const byRisk = Object.fromEntries(rows.map((r) => [r.risk, r.children])) as Record<CoreRisk, number>;
		// Cohort K1–K6 (K6 through its open January case; K7 and K8 are outside the period).
		expect(byRisk).toEqual({
			// K2 and K6 have episodes starting in the period; K4's police record is flagged missing.
			// (K7's May episode does not count: K7 is not in the cohort.)
			went_missing: 3,
			// K1 and K2. K4 is "no" on one record and blank on the other; K5 is blank.
			looked_after: 2,
			// Not looked after and did not go missing: K3, and K5 (looked-after status blank counts as home).
			// K1, K2 are looked after; K4, K6 went missing.
			home_not_missing: 2,
			care_leaver: 1, // K5 (K2 is recorded "no").
			flag_missing: 1, // K4
			flag_school: 1, // K4, on the education record
			flag_substance: 2, // K1, and K6 on its carried-in January record
			flag_gangs: 1, // K2
			flag_cce: 2, // K4 (flag), and K2 (no flag, but its exploitation type is "both": CSE and criminal exploitation)
			flag_trafficking: 0, // only on K6's 2024 case, closed in February: not active in the period
			flag_older_partner: 1, // K3
			flag_gifts: 0,
			flag_online: 2, // K1; K4 (police says no, education says yes: any record)
			flag_sexual_health: 1, // K3
			flag_self_harm: 1, // K2
			flag_mental_health: 2 // K2, K3
		});
		// "At home and not missing" is the complement of "looked after or went missing" (K1, K2, K4, K6 = 4): 6 − 4 = 2.
		// Looked after and missing overlap in K2, so 2 + 3 − 1 = 4.
		expect(byRisk.home_not_missing).toBe(6 - (byRisk.looked_after + byRisk.went_missing - 1));
	});

	it('applies the filters: record-level (agency) changes both the cohort and the flags', async () => {
		const rows = await coreRiskPrevalence.run(engine, { ...CURRENT, filters: { agency: ['Police'] } });
		const byRisk = Object.fromEntries(rows.map((r) => [r.risk, r.children]));
		// Police records in the period: K1 and K4's police record. K8's is in October. Cohort 2.
		expect(rows[0].cohort).toBe(2);
		expect(byRisk).toEqual({
			went_missing: 1, // K4 (flag on the police record)
			looked_after: 1, // K1
			home_not_missing: 0, // K1 looked after, K4 missing
			care_leaver: 0,
			flag_missing: 1,
			flag_school: 0, // was on K4's education record, now filtered out
			flag_substance: 1, // K1
			flag_gangs: 0,
			flag_cce: 1, // K4
			flag_trafficking: 0,
			flag_older_partner: 0,
			flag_gifts: 0,
			flag_online: 1, // K1 only: K4's police record says no
			flag_sexual_health: 0,
			flag_self_harm: 0,
			flag_mental_health: 0
		});
	});

	it('applies child-level filters (sex) and keeps every risk at 0 for an empty cohort', async () => {
		// Latest recorded sex: K1, K2, K6 female; K3, K4 male; K5 "unknown".
		const female = await coreRiskPrevalence.run(engine, { ...CURRENT, filters: { sex: ['female'] } });
		expect(female[0].cohort).toBe(3);
		expect(female.find((r) => r.risk === 'went_missing')?.children).toBe(2); // K2, K6
		expect(female.find((r) => r.risk === 'home_not_missing')?.children).toBe(0); // K1 looked after
		const none = await coreRiskPrevalence.run(engine, { ...CURRENT, filters: { sex: ['other'] } });
		expect(none).toHaveLength(CORE_RISKS.length);
		expect(none.every((r) => r.children === 0 && r.cohort === 0)).toBe(true);
	});

	it('shows how the main risks co-occur, as a full square', async () => {
		// Each child's main risks (gangs or CCE joined):
		//   K1 {looked after, substance, online}
		//   K2 {went missing, looked after, gangs/CCE, self-harm, mental health}
		//   K3 {older partner, sexual health, mental health}
		//   K4 {went missing, gangs/CCE (CCE), online (education record)}
		//   K5 {}
		//   K6 {went missing, substance}
		const expected = square([
			['went_missing', 'went_missing', 3], ['looked_after', 'looked_after', 2], ['flag_substance', 'flag_substance', 2],
			['gangs_or_cce', 'gangs_or_cce', 2], ['flag_online', 'flag_online', 2], ['flag_older_partner', 'flag_older_partner', 1],
			['flag_sexual_health', 'flag_sexual_health', 1], ['flag_self_harm', 'flag_self_harm', 1], ['flag_mental_health', 'flag_mental_health', 2],
			// K1
			['looked_after', 'flag_substance', 1], ['looked_after', 'flag_online', 1], ['flag_substance', 'flag_online', 1],
			// K2 (and K4 for went missing + gangs/CCE, making it 2)
			['went_missing', 'looked_after', 1], ['went_missing', 'gangs_or_cce', 2], ['went_missing', 'flag_self_harm', 1],
			['went_missing', 'flag_mental_health', 1], ['looked_after', 'gangs_or_cce', 1], ['looked_after', 'flag_self_harm', 1],
			['looked_after', 'flag_mental_health', 1], ['gangs_or_cce', 'flag_self_harm', 1], ['gangs_or_cce', 'flag_mental_health', 1],
			['flag_self_harm', 'flag_mental_health', 1],
			// K3
			['flag_older_partner', 'flag_sexual_health', 1], ['flag_older_partner', 'flag_mental_health', 1],
			['flag_sexual_health', 'flag_mental_health', 1],
			// K4
			['went_missing', 'flag_online', 1], ['gangs_or_cce', 'flag_online', 1],
			// K6
			['went_missing', 'flag_substance', 1]
		]);
		const rows = await coreRiskCoOccurrence.run(engine, CURRENT);
		expect(rows).toHaveLength(81);
		expect(rows).toEqual(expected);
	});

	it('has a diagonal equal to the prevalence of each risk', async () => {
		const [pairs, prevalence] = await Promise.all([coreRiskCoOccurrence.run(engine, CURRENT), coreRiskPrevalence.run(engine, CURRENT)]);
		const diagonal = Object.fromEntries(pairs.filter((p) => p.a === p.b).map((p) => [p.a, p.children]));
		for (const risk of MAIN_RISKS.filter((r) => r !== 'gangs_or_cce')) {
			expect(diagonal[risk], risk).toBe(prevalence.find((r) => r.risk === risk)?.children);
		}
		// Gangs or CCE is K2 (gangs) and K4 (CCE): 2, more than either flag alone (1 each).
		expect(diagonal.gangs_or_cce).toBe(2);
	});

	it('applies filters to co-occurrence too', async () => {
		// Female: K1 {looked after, substance, online}, K2 {went missing, looked after, gangs/CCE, self-harm, MH},
		// K6 {went missing, substance}. K3 and K4 drop out, so older partner, sexual health and online+gangs vanish.
		const rows = await coreRiskCoOccurrence.run(engine, { ...CURRENT, filters: { sex: ['female'] } });
		const get = (a: MainRisk, b: MainRisk) => rows.find((r) => r.a === a && r.b === b)?.children;
		expect(get('went_missing', 'went_missing')).toBe(2); // K2, K6
		expect(get('went_missing', 'gangs_or_cce')).toBe(1); // K2 only now
		expect(get('flag_mental_health', 'flag_mental_health')).toBe(1); // K2
		expect(get('flag_older_partner', 'flag_sexual_health')).toBe(0);
		expect(get('gangs_or_cce', 'flag_online')).toBe(0);
		expect(get('flag_substance', 'went_missing')).toBe(1); // K6, read in the other order
	});
});
