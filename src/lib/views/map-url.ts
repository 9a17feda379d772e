/**
 * The map's own choices in the URL (beside the shared period and filters), so a map can be
 * bookmarked and shared, and the back button undoes a change:
 *   ?measure=locations:hotel&show=rate&level=small_area&time=month&month=2025-11&gi=off
 * Anything missing or unrecognised falls back to the default; the page then checks the measure
 * and level against what the workspace has.
 */
import { AREA_LEVELS, type AreaLevel } from '$lib/geo/boundaries';
import type { MapValue } from './map-view';

export type MapTime = 'period' | 'month';

export interface MapUrlState {
	measure: string | null;
	value: MapValue;
	level: AreaLevel | null;
	time: MapTime;
	/** `YYYY-MM`, for `time: 'month'`. */
	month: string | null;
	/** Whether the Gi* outlines are drawn. */
	gi: boolean;
}

const NAMES = { measure: 'measure', value: 'show', level: 'level', time: 'time', month: 'month', gi: 'gi' } as const;

export function mapStateFromUrl(params: URLSearchParams): MapUrlState {
	const level = params.get(NAMES.level);
	const month = params.get(NAMES.month);
	return {
		measure: params.get(NAMES.measure) || null,
		value: params.get(NAMES.value) === 'rate' ? 'rate' : 'count',
		level: (AREA_LEVELS as readonly string[]).includes(level ?? '') ? (level as AreaLevel) : null,
		time: params.get(NAMES.time) === 'month' ? 'month' : 'period',
		month: month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null,
		gi: params.get(NAMES.gi) !== 'off'
	};
}

/** Write `state` into `params` (a copy is returned), leaving defaults out so URLs stay short. */
export function mapStateToUrl(state: Partial<MapUrlState>, params: URLSearchParams): URLSearchParams {
	const out = new URLSearchParams(params);
	const set = (name: string, value: string | null) => (value === null ? out.delete(name) : out.set(name, value));
	if ('measure' in state) set(NAMES.measure, state.measure ?? null);
	if ('value' in state) set(NAMES.value, state.value === 'rate' ? 'rate' : null);
	if ('level' in state) set(NAMES.level, state.level ?? null);
	if ('time' in state) set(NAMES.time, state.time === 'month' ? 'month' : null);
	if ('month' in state) set(NAMES.month, state.month ?? null);
	if ('gi' in state) set(NAMES.gi, state.gi === false ? 'off' : null);
	return out;
}

/** Months from `first` to `last` inclusive, as `YYYY-MM` (either may be any date in its month). */
export function monthsBetween(first: string, last: string): string[] {
	const out: string[] = [];
	let y = Number(first.slice(0, 4));
	let m = Number(first.slice(5, 7));
	const end = last.slice(0, 7);
	for (;;) {
		const month = `${y}-${String(m).padStart(2, '0')}`;
		if (month > end) break;
		out.push(month);
		m += 1;
		if (m > 12) {
			m = 1;
			y += 1;
		}
	}
	return out;
}

/** The step after `current` when playing through `steps` (oldest first); null at the end. */
export function nextStep<T>(steps: readonly T[], current: T | null, same: (a: T, b: T) => boolean = (a, b) => a === b): T | null {
	const i = current === null ? -1 : steps.findIndex((s) => same(s, current));
	return i + 1 < steps.length ? steps[i + 1] : null;
}
