import { describe, expect, it } from 'vitest';
import { settings } from '$lib/app/settings.svelte';
import { chosenPeriod, periodChoices } from '$lib/app/period-choice';
import { PERIOD_SCHEME_LABELS } from '$lib/measures/periods';

/** The sample partnership's span: October 2023 to September 2026. */
const COVERAGE = { firstDate: '2023-10-02', lastDate: '2026-09-30' };
const TODAY = '2026-11-28';

describe('calendar halves as a setting', () => {
	it('starts on financial-year halves, the DfE default', () => {
		expect(settings.periodScheme).toBe('financial');
		expect(periodChoices(COVERAGE, TODAY, settings.periodScheme).map((p) => p.label)).toEqual([
			'Apr–Sep 2026', 'Oct 2025–Mar 2026', 'Apr–Sep 2025', 'Oct 2024–Mar 2025', 'Apr–Sep 2024', 'Oct 2023–Mar 2024'
		]);
	});

	it('offers calendar halves when the setting says so', () => {
		settings.periodScheme = 'calendar';
		try {
			// Jul–Dec 2026 has not ended on 28 Nov 2026; Jul–Dec 2023 starts before the data and still counts.
			expect(periodChoices(COVERAGE, TODAY, settings.periodScheme).map((p) => p.label)).toEqual([
				'Jan–Jun 2026', 'Jul–Dec 2025', 'Jan–Jun 2025', 'Jul–Dec 2024', 'Jan–Jun 2024', 'Jul–Dec 2023'
			]);
			expect(PERIOD_SCHEME_LABELS[settings.periodScheme]).toBe('January–June and July–December');
		} finally {
			settings.periodScheme = 'financial';
		}
	});

	it('keeps the period named in the URL when it is offered, else shows the latest', () => {
		const financial = periodChoices(COVERAGE, TODAY, 'financial');
		const calendar = periodChoices(COVERAGE, TODAY, 'calendar');
		expect(chosenPeriod(financial, '2025-04-01')?.label).toBe('Apr–Sep 2025');
		// After switching to calendar halves, a financial period's start is not offered: the latest is shown.
		expect(chosenPeriod(calendar, '2025-04-01')?.label).toBe('Jan–Jun 2026');
		expect(chosenPeriod(calendar, '2025-01-01')?.label).toBe('Jan–Jun 2025');
		expect(chosenPeriod([], null)).toBeNull();
		expect(periodChoices({ firstDate: null, lastDate: null }, TODAY, 'calendar')).toEqual([]);
	});
});
