/**
 * The Summary page's words and figures, from hand-made SummaryData. Each expected value is worked
 * out beside it from the counts below.
 */
import { describe, expect, it } from 'vitest';
import { summaryView } from '$lib/views/summary-view';
import type { PeriodFigures, SummaryData } from '$lib/measures/summary';
import type { ChildrenAtRisk } from '$lib/measures/children-at-risk';
import type { ChildPopulation } from '$lib/measures/child-population';
import { periodContaining } from '$lib/measures/periods';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025
const PREVIOUS = periodContaining('2024-10-01'); // Oct 2024–Mar 2025
const YEAR_EARLIER = periodContaining('2024-04-01'); // Apr–Sep 2024

const POP: ChildPopulation = { children: 8000, ages: [0, 17], year: 2024, requestedYear: 2024 };

/** One period's figures; the rate is worked out by hand and passed in, as the measure would. */
function figures(
	period: PeriodFigures['period'],
	cohort: Partial<ChildrenAtRisk> & { children: number },
	levels: [number, number, number, number, number],
	ratePer10k: number | null,
	population: ChildPopulation = POP
): PeriodFigures {
	const [high, medium, low, none, notRecorded] = levels;
	return {
		period,
		cohort: { newChildren: 0, continuingChildren: 0, multiAgencyChildren: 0, lookedAfter: 0, wentMissing: 0, ...cohort },
		byRiskLevel: [
			{ level: 'high', children: high },
			{ level: 'medium', children: medium },
			{ level: 'low', children: low },
			{ level: 'none', children: none },
			{ level: 'not_recorded', children: notRecorded }
		],
		population,
		ratePer10k
	};
}

function data(current: PeriodFigures, previous: PeriodFigures, yearEarlier: PeriodFigures, name: string | null = 'Testshire'): SummaryData {
	return { partnershipName: name, scheme: 'financial', current, previous, yearEarlier, trend: [], dataFrom: '2023-10-01', dataTo: '2025-09-30' };
}

// Current: 40 children (30 new, 10 continuing), 12 went missing, 3 looked after (small).
// Risk levels 12 high, 20 medium, 3 low, 0 none, 5 not recorded = 40. Rate 40 / 8,000 × 10,000 = 50.0.
const current = figures(CURRENT, { children: 40, newChildren: 30, continuingChildren: 10, wentMissing: 12, lookedAfter: 3 }, [12, 20, 3, 0, 5], 50);
// Previous: 32 children, 8 went missing (8/32 = 25%), 8 looked after. Rate 32 / 8,000 × 10,000 = 40.0.
const previous = figures(PREVIOUS, { children: 32, newChildren: 32, wentMissing: 8, lookedAfter: 8 }, [10, 10, 6, 6, 0], 40);
// A year earlier: only 4 children (small), 1 went missing. Rate 4 / 8,000 × 10,000 = 5.0.
const yearEarlier = figures(YEAR_EARLIER, { children: 4, newChildren: 4, wentMissing: 1 }, [0, 4, 0, 0, 0], 5);

const HIDDEN_VS_YEAR = 'change on Apr–Sep 2024 not shown (small numbers)';

describe('summaryView', () => {
	const view = summaryView(data(current, previous, yearEarlier));
	const headline = (id: string) => view.headlines.find((h) => h.id === id)!;

	it('names the partnership and the periods', () => {
		expect(view.title).toBe('Testshire: Apr–Sep 2025');
		expect([view.periodLabel, view.previousLabel, view.yearEarlierLabel]).toEqual(['Apr–Sep 2025', 'Oct 2024–Mar 2025', 'Apr–Sep 2024']);
		expect(view.headlines.map((h) => h.id)).toEqual(['children', 'rate', 'missing', 'looked-after']);
		expect(view.populationNote).toBe('Rates use the ONS mid-2024 estimate.');
	});

	it('children: the count, new and continuing, and the change on each comparison period', () => {
		const h = headline('children');
		expect([h.value, h.unit, h.detail]).toEqual(['40', 'children', '30 new, 10 continuing from earlier periods']);
		// (40 − 32) / 32 = 25% up.
		expect(h.vsPrevious).toMatchObject({ direction: 'up', text: 'up 25% on Oct 2024–Mar 2025 (32)', arrow: '↑' });
		// A year earlier there were 4 children: too few to compare with.
		expect(h.vsYearEarlier).toMatchObject({ direction: 'unavailable', text: HIDDEN_VS_YEAR });
	});

	it('sparklines: three consecutive periods, oldest first, each figure disclosed as the page shows it', () => {
		const spark = (id: string) => headline(id).spark!.map((p) => [p.label, p.value, p.text]);
		// A year earlier had 4 children: withheld, so no value and "c"; the rate on it goes too.
		expect(spark('children')).toEqual([['Apr–Sep 2024', null, 'c'], ['Oct 2024–Mar 2025', 32, '32'], ['Apr–Sep 2025', 40, '40']]);
		expect(spark('rate')).toEqual([['Apr–Sep 2024', null, 'c'], ['Oct 2024–Mar 2025', 40, '40.0'], ['Apr–Sep 2025', 50, '50.0']]);
		// Missing: 1 of 4 is withheld; 8 of 32 = 25%; 12 of 40 = 30%. Looked after now: 3 is small.
		expect(spark('missing').map(([, v]) => v)).toEqual([null, 25, 30]);
		expect(spark('looked-after').map(([, , t]) => t)).toEqual(['c', '25%', 'c']);
	});

	it('rate: one decimal place, its denominator, and a change that is hidden when the count behind it is', () => {
		const h = headline('rate');
		expect(h.value).toBe('50.0');
		expect(h.detail).toBe('Denominator: 8,000 children aged 0–17 (ONS mid-2024 estimate)');
		// (50.0 − 40.0) / 40.0 = 25% up; the earlier rate is printed as a rate.
		expect(h.vsPrevious.text).toBe('up 25% on Oct 2024–Mar 2025 (40.0)');
		// The year-earlier rate (5.0) rests on 4 children: hidden, and its value is not in the words.
		expect(h.vsYearEarlier.text).toBe(HIDDEN_VS_YEAR);
	});

	it('went missing: a share of the children, compared in percentage points', () => {
		const h = headline('missing');
		// 12 / 40 = 30%.
		expect([h.value, h.unit]).toEqual(['30%', 'of these children']);
		expect(h.detail).toBe('12 children had a missing episode or a missing flag in the period');
		// 30% now against 8 / 32 = 25% before: 5 points up.
		expect(h.vsPrevious).toMatchObject({ direction: 'up', amount: 5, text: 'up 5 points on Oct 2024–Mar 2025 (25%)' });
		// A year earlier 1 child went missing: hidden.
		expect(h.vsYearEarlier.text).toBe(HIDDEN_VS_YEAR);
	});

	it('looked after: 3 children is too few, so the share, the count and the change are all withheld', () => {
		const h = headline('looked-after');
		expect(h.value).toBe('c');
		expect(h.detail).toBe('c children recorded as looked after (in care)');
		expect(h.vsPrevious.text).toBe('change on Oct 2024–Mar 2025 not shown (small numbers)');
		expect(h.vsYearEarlier.text).toBe(HIDDEN_VS_YEAR);
		// Nothing anywhere in the headline gives the 3 (or its 8% share) away.
		expect(JSON.stringify(h)).not.toMatch(/\b3\b|8%/);
	});

	it('risk levels: small cells are c, their shares withheld, others shown as a share of the children', () => {
		// Low (3) and not recorded (5) are small; two are hidden, so neither can be found from the total (40).
		expect(view.riskLevels.map((r) => [r.level, r.label, r.children.text, r.share.text])).toEqual([
			['high', 'High', '12', '30%'], // 12 / 40
			['medium', 'Medium', '20', '50%'], // 20 / 40
			['low', 'Low', 'c', 'c'],
			['none', 'No current risk', '0', '0%'],
			['not_recorded', 'Not recorded', 'c', 'c']
		]);
		expect(view.riskTotal).toEqual({ value: 40, text: '40', suppressed: false });
	});

	it('says it in sentences', () => {
		expect(view.sentences).toEqual([
			'40 children were identified at risk of exploitation in Apr–Sep 2025, up 25% on Oct 2024–Mar 2025 (32).',
			'12 (30%) were at high risk at their latest assessment.',
			'30% went missing and c were looked after.'
		]);
	});
});

describe('summaryView with small numbers and gaps', () => {
	it('hides a second risk level when only one is small, and says high risk is too small to show', () => {
		// High 2 is small; alone it would be 40 − 38. The smallest other non-zero level (not recorded, 8) is hidden too.
		const cur = figures(CURRENT, { children: 40, newChildren: 40, wentMissing: 6, lookedAfter: 6 }, [2, 20, 10, 0, 8], 50);
		const view = summaryView(data(cur, previous, yearEarlier));
		expect(view.riskLevels.map((r) => [r.children.text, r.share.text])).toEqual([
			['c', 'c'],
			['20', '50%'],
			['10', '25%'],
			['0', '0%'],
			['c', 'c']
		]);
		expect(view.sentences[1]).toBe('The number assessed at high risk is too small to show.');
		// 6 / 40 = 15% for both; the count 6 is at the threshold, so shown.
		expect(view.sentences[2]).toBe('15% went missing and 15% were looked after.');
		// 6/40 = 15% against 8/32 = 25%: 10 points down.
		expect(view.headlines[3].vsPrevious.text).toBe('down 10 points on Oct 2024–Mar 2025 (25%)');
	});

	it('withholds every figure when the cohort itself is small', () => {
		const cur = figures(CURRENT, { children: 4, newChildren: 3, continuingChildren: 1, wentMissing: 0, lookedAfter: 0 }, [1, 3, 0, 0, 0], 5);
		const view = summaryView(data(cur, previous, yearEarlier));
		const [children, rate, missing, lac] = view.headlines;
		expect([children.value, rate.value, missing.value, lac.value]).toEqual(['c', 'c', 'c', 'c']);
		expect(children.detail).toBe('c new, c continuing from earlier periods');
		for (const h of view.headlines) {
			expect(h.vsPrevious.direction, h.id).toBe('unavailable');
			expect(h.vsYearEarlier.direction, h.id).toBe('unavailable');
		}
		// 0 went missing is a true zero, so the count shows; its share of 4 children does not.
		expect(missing.detail).toBe('0 children had a missing episode or a missing flag in the period');
		expect(view.riskTotal.text).toBe('c');
		expect(view.riskLevels.slice(0, 2).map((r) => r.children.text)).toEqual(['c', 'c']);
		expect(view.sentences[0]).toBe(
			'c children were identified at risk of exploitation in Apr–Sep 2025, change on Oct 2024–Mar 2025 not shown (small numbers).'
		);
		expect(view.sentences[1]).toBe('The number assessed at high risk is too small to show.');
		expect(view.sentences[2]).toBe('c went missing and c were looked after.');
	});

	it('explains a missing population, and a fallback to an earlier estimate', () => {
		const noPop: ChildPopulation = { children: null, ages: null, year: null, requestedYear: 2024 };
		const cur = figures(CURRENT, { children: 40, newChildren: 40 }, [12, 20, 3, 0, 5], null, noPop);
		const prev = figures(PREVIOUS, { children: 32, newChildren: 32 }, [10, 10, 6, 6, 0], null, noPop);
		const view = summaryView(data(cur, prev, yearEarlier, null));
		expect(view.title).toBe('Partnership: Apr–Sep 2025');
		expect(view.populationNote).toBe('Rates need a population file: none is loaded.');
		const rate = view.headlines[1];
		expect(rate.value).toBe('–');
		expect(rate.detail).toBe('No population estimate loaded');
		expect(rate.vsPrevious.text).toBe('no figure for Oct 2024–Mar 2025');

		const older: ChildPopulation = { children: 8000, ages: [0, 17], year: 2023, requestedYear: 2024 };
		const view2 = summaryView(data(figures(CURRENT, { children: 40 }, [12, 20, 3, 0, 5], 50, older), previous, yearEarlier));
		expect(view2.populationNote).toBe('Rates use the ONS mid-2023 estimate, the latest loaded (mid-2024 would be used if loaded).');
		// A small-area file that stops at 15 (the IoD denominators) is called out, not passed off as 0–17.
		const partial: ChildPopulation = { children: 8000, ages: [0, 15], year: 2015, requestedYear: 2024 };
		const view3 = summaryView(data(figures(CURRENT, { children: 40 }, [12, 20, 3, 0, 5], 50, partial), previous, yearEarlier));
		expect(view3.populationNote).toContain('covers ages 0–15 only');
		expect(view2.headlines[1].detail).toBe('Denominator: 8,000 children aged 0–17 (ONS mid-2023 estimate)');
	});

	it('says "up from none" when the previous period had no children', () => {
		const prev = figures(PREVIOUS, { children: 0 }, [0, 0, 0, 0, 0], 0);
		const view = summaryView(data(current, prev, yearEarlier));
		expect(view.headlines[0].vsPrevious.text).toBe('up from none in Oct 2024–Mar 2025');
		expect(view.sentences[0]).toBe('40 children were identified at risk of exploitation in Apr–Sep 2025, up from none in Oct 2024–Mar 2025.');
		// No share can be taken of 0 children: the points comparison has no earlier figure.
		expect(view.headlines[2].vsPrevious.text).toBe('no figure for Oct 2024–Mar 2025');
	});

	it('applies a custom threshold everywhere', () => {
		// With threshold 11, the 10 continuing children and the 10 looked after are small too.
		const cur = figures(CURRENT, { children: 40, newChildren: 30, continuingChildren: 10, wentMissing: 12, lookedAfter: 10 }, [12, 20, 3, 0, 5], 50);
		const view = summaryView(data(cur, previous, yearEarlier), 11);
		// 10 continuing is small; 30 new would give it away (40 − 30), so both are hidden.
		expect(view.headlines[0].detail).toBe('c new, c continuing from earlier periods');
		expect(view.headlines[3].value).toBe('c');
		// Previous had 8 went missing: small at threshold 11, so the change is hidden.
		expect(view.headlines[2].vsPrevious.text).toBe('change on Oct 2024–Mar 2025 not shown (small numbers)');
		// Risk levels 3 and 5 are still the small ones; 12 and 20 show.
		expect(view.riskLevels.map((r) => r.children.text)).toEqual(['12', '20', 'c', '0', 'c']);
	});
});
