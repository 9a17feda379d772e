import { describe, expect, it } from 'vitest';
import {
	denominatorYear,
	latestCompletePeriod,
	monthsBetween,
	periodContaining,
	previousPeriod,
	samePeriodLastYear
} from '$lib/measures/periods';

describe('reporting periods', () => {
	it('uses financial halves by default', () => {
		expect(periodContaining('2025-04-01')).toEqual({ start: '2025-04-01', end: '2025-09-30', label: 'Apr–Sep 2025' });
		expect(periodContaining('2025-09-30').label).toBe('Apr–Sep 2025');
		expect(periodContaining('2025-10-01')).toEqual({ start: '2025-10-01', end: '2026-03-31', label: 'Oct 2025–Mar 2026' });
		expect(periodContaining('2026-02-28').label).toBe('Oct 2025–Mar 2026');
	});

	it('supports calendar halves', () => {
		expect(periodContaining('2024-02-29', 'calendar')).toEqual({ start: '2024-01-01', end: '2024-06-30', label: 'Jan–Jun 2024' });
		expect(periodContaining('2024-12-31', 'calendar').label).toBe('Jul–Dec 2024');
	});

	it('steps back to the previous period and the same period a year earlier', () => {
		const p = periodContaining('2026-05-01');
		expect(previousPeriod(p).label).toBe('Oct 2025–Mar 2026');
		expect(samePeriodLastYear(p).label).toBe('Apr–Sep 2025');
		expect(previousPeriod(periodContaining('2026-01-15', 'calendar'), 'calendar').label).toBe('Jul–Dec 2025');
	});

	it('picks the latest period that is over and has data in its last month', () => {
		// Data to 30 Sep 2026, viewed in November: Apr–Sep 2026 is complete.
		expect(latestCompletePeriod('2026-09-30', '2026-11-28')?.label).toBe('Apr–Sep 2026');
		// Data only to August: September is missing, so the period before is the latest complete one.
		expect(latestCompletePeriod('2026-08-31', '2026-11-28')?.label).toBe('Oct 2025–Mar 2026');
		// Viewed on the last day of the period itself: not over yet.
		expect(latestCompletePeriod('2026-09-30', '2026-09-30')?.label).toBe('Oct 2025–Mar 2026');
	});

	it('takes the denominator from the mid-year before the reporting year ends (DfE)', () => {
		// Year ending March 2025 uses mid-2024.
		expect(denominatorYear(periodContaining('2024-10-01'))).toBe(2024);
		expect(denominatorYear(periodContaining('2024-04-01'))).toBe(2024);
		expect(denominatorYear(periodContaining('2025-04-01'))).toBe(2025);
		expect(denominatorYear(periodContaining('2025-03-01', 'calendar'), 'calendar')).toBe(2024);
	});

	it('lists months across a year boundary', () => {
		expect(monthsBetween('2025-11-01', '2026-02-01')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
	});
});
