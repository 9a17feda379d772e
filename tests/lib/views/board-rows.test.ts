/**
 * The board view of the measure catalogue: each measure's rows printed as a board paper may show
 * them. Synthetic rows, so each disclosure rule is seen on its own.
 */
import { describe, expect, it } from 'vitest';
import { boardRows, printedRows } from '$lib/views/board-rows';
import { MEASURE_CATALOGUE } from '$lib/measures/catalogue';

describe('boardRows', () => {
	it('has a board view for every catalogued measure (an empty measure prints no rows)', () => {
		for (const e of MEASURE_CATALOGUE) expect(boardRows(e.name, []), e.name).toEqual([]);
	});

	it('hides a second category with a lone small one, since the categories add up to the cohort', () => {
		const rows = [
			{ ageBand: '0-12', label: '12 and under', children: 3 },
			{ ageBand: '13-15', label: '13 to 15', children: 40 },
			{ ageBand: '16-17', label: '16 to 17', children: 22 },
			{ ageBand: '18+', label: '18 and over', children: 0 },
			{ ageBand: 'unknown', label: 'Age not known', children: 9 }
		];
		expect(boardRows('children-by-age-band', rows).map((r) => r.children)).toEqual(['c', '40', '22', '0', 'c']);
		// The analyst view of the same rows prints them exactly.
		expect(printedRows('children-by-age-band', rows, { analyst: true }).map((r) => r.children)).toEqual(['3', '40', '22', '0', '9']);
	});

	it('suppresses month × risk level across each month, whose total is published by the monthly figures', () => {
		const level = (month: string, lv: string, children: number) => ({ month, label: month, level: lv, levelLabel: lv, children });
		const rows = [
			level('2025-04-01', 'high', 30), level('2025-04-01', 'medium', 3), level('2025-04-01', 'low', 20), level('2025-04-01', 'none', 10), level('2025-04-01', 'not_recorded', 0),
			level('2025-05-01', 'high', 31), level('2025-05-01', 'medium', 12), level('2025-05-01', 'low', 22), level('2025-05-01', 'none', 11), level('2025-05-01', 'not_recorded', 7)
		];
		const printed = boardRows('monthly-by-risk-level', rows).map((r) => r.children);
		expect(printed.slice(0, 5)).toEqual(['30', 'c', '20', 'c', '0']);
		expect(printed.slice(5)).toEqual(['31', '12', '22', '11', '7']);
	});

	it('withholds a rate and a percentage resting on a hidden count, and new/continuing together', () => {
		const row = {
			comparison: 'current', period: 'Apr–Sep 2025', start: '2025-04-01', end: '2025-09-30',
			children: 4, newChildren: 3, continuingChildren: 1, multiAgencyChildren: 0, lookedAfter: 2, wentMissing: 0,
			population: 38_819, populationYear: 2024, populationRequestedYear: 2024, populationAgeFrom: 0, populationAgeTo: 17, ratePer10k: 1, partnershipName: 'T'
		};
		const [current] = boardRows('summary', [row, { ...row, comparison: 'previous' }, { ...row, comparison: 'year earlier' }]);
		expect(current).toMatchObject({ children: 'c', newChildren: 'c', continuingChildren: 'c', lookedAfter: 'c', lookedAfterPercent: 'c', ratePer10k: 'c', population: '38,819' });
		expect(current.childrenVsPrevious).toMatch(/not shown/);

		const big = { ...row, children: 40, newChildren: 37, continuingChildren: 3, lookedAfter: 10, ratePer10k: 10.3 };
		const [shown] = boardRows('summary', [big, { ...big, comparison: 'previous' }, { ...big, comparison: 'year earlier' }]);
		// 37 new and c continuing under a total of 40 would give 3 away: both go.
		expect(shown).toMatchObject({ children: '40', newChildren: 'c', continuingChildren: 'c', lookedAfterPercent: '25%', ratePer10k: '10.3' });
	});

	it('withholds a median duration that describes a handful of episodes', () => {
		const row = { scope: 'cohort', episodes: 4, children: 2, repeatChildren: 1, endedEpisodes: 4, openEpisodes: 0, endBeforeStart: 0, medianHours: 7.5 };
		expect(boardRows('missing-episodes', [row])[0]).toMatchObject({ episodes: 'c', children: 'c', medianHours: 'c' });
		expect(boardRows('missing-episodes', [{ ...row, episodes: 60, children: 30, endedEpisodes: 58, openEpisodes: 2 }])[0]).toMatchObject({ episodes: '60', endedEpisodes: 'c', openEpisodes: 'c', medianHours: 'c' });
		expect(boardRows('missing-episodes', [{ ...row, episodes: 60, children: 30, endedEpisodes: 52, openEpisodes: 8 }])[0].medianHours).toBe('7.5');
	});
});
