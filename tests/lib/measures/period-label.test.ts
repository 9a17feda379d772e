import { describe, expect, it } from 'vitest';
import { parsePeriod, periodContaining, shiftPeriod } from '$lib/measures/periods';

describe('parsePeriod', () => {
	it('reads back every label periodContaining makes, in both schemes', () => {
		for (const scheme of ['financial', 'calendar'] as const) {
			let p = periodContaining('2019-01-15', scheme);
			for (let i = 0; i < 20; i++, p = shiftPeriod(p, 1, scheme)) expect(parsePeriod(p.label, scheme), p.label).toEqual(p);
		}
	});

	it('accepts a hyphen for the dash, any case and spacing, and the "Oct–Mar 2024/25" form', () => {
		expect(parsePeriod('Apr-Sep 2024')).toEqual({ start: '2024-04-01', end: '2024-09-30', label: 'Apr–Sep 2024' });
		expect(parsePeriod('  apr – SEP   2024 ')?.label).toBe('Apr–Sep 2024');
		expect(parsePeriod('Oct 2024-Mar 2025')?.label).toBe('Oct 2024–Mar 2025');
		expect(parsePeriod('Oct–Mar 2024/25')).toEqual({ start: '2024-10-01', end: '2025-03-31', label: 'Oct 2024–Mar 2025' });
		expect(parsePeriod('Oct-Mar 2024/2025')?.start).toBe('2024-10-01');
		expect(parsePeriod('Oct–Mar 2099/00')?.end).toBe('2100-03-31');
		expect(parsePeriod('Jul-Dec 2024', 'calendar')).toEqual({ start: '2024-07-01', end: '2024-12-31', label: 'Jul–Dec 2024' });
	});

	it('refuses labels that name no period of the scheme', () => {
		expect(parsePeriod('Jan–Jun 2024')).toBeNull(); // a calendar half, not a financial one
		expect(parsePeriod('Apr–Sep 2024', 'calendar')).toBeNull();
		expect(parsePeriod('Oct–Mar 2024')).toBeNull(); // which March? ambiguous
		expect(parsePeriod('Oct–Mar 2024/26')).toBeNull();
		expect(parsePeriod('Apr–Aug 2024')).toBeNull();
		expect(parsePeriod('Foo–Sep 2024')).toBeNull();
		expect(parsePeriod('2024')).toBeNull();
		expect(parsePeriod('')).toBeNull();
	});
});
