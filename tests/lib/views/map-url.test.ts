import { describe, expect, it } from 'vitest';
import { mapStateFromUrl, mapStateToUrl, monthsBetween, nextStep } from '$lib/views/map-url';

describe('map state in the URL', () => {
	it('reads the defaults from an empty query', () => {
		expect(mapStateFromUrl(new URLSearchParams())).toEqual({ measure: null, value: 'count', level: null, time: 'period', month: null, gi: true });
	});
	it('round-trips every choice, keeps other parameters and leaves defaults out', () => {
		const state = { measure: 'police-crimes:Violence and sexual offences', value: 'rate', level: 'small_area', time: 'month', month: '2025-11', gi: false } as const;
		const params = mapStateToUrl(state, new URLSearchParams('period=2025-10-01&agency=Police'));
		expect(params.get('period')).toBe('2025-10-01');
		expect(params.get('agency')).toBe('Police');
		expect(mapStateFromUrl(params)).toEqual(state);
		const back = mapStateToUrl({ value: 'count', time: 'period', gi: true, month: null }, params);
		expect([...back.keys()].sort()).toEqual(['agency', 'level', 'measure', 'period']);
	});
	it('ignores values it does not know', () => {
		const s = mapStateFromUrl(new URLSearchParams('show=percent&level=county&time=week&month=2025-13'));
		expect(s).toMatchObject({ value: 'count', level: null, time: 'period', month: null });
	});
});

describe('playing through time', () => {
	it('lists the months between two dates, across a year end', () => {
		expect(monthsBetween('2025-11-14', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthsBetween('2026-03-01', '2026-02-01')).toEqual([]);
	});
	it('steps to the next period and stops after the last', () => {
		const steps = ['a', 'b', 'c'];
		expect(nextStep(steps, 'a')).toBe('b');
		expect(nextStep(steps, 'c')).toBeNull();
		expect(nextStep(steps, null)).toBe('a');
	});
});
