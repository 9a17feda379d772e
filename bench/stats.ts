/** Medians, spreads and the repeat-after-warm-up loop every case uses. */
export interface Timing {
	median: number;
	min: number;
	max: number;
	samples: number[];
}

export function summarise(samples: number[]): Timing {
	const s = [...samples].sort((a, b) => a - b);
	const mid = s.length >> 1;
	const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
	return { median: r1(median), min: r1(s[0]), max: r1(s[s.length - 1]), samples: samples.map(r1) };
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r2 = (x: number) => Math.round(x * 100) / 100;

/** Run `once` warm-up times (discarded) then `reps` times; returns every measured result. */
export async function repeat<T>(reps: number, warmups: number, once: (i: number) => Promise<T>): Promise<T[]> {
	for (let i = 0; i < warmups; i++) await once(-1 - i);
	const out: T[] = [];
	for (let i = 0; i < reps; i++) out.push(await once(i));
	return out;
}

/** Median of each numeric key across several breakdowns. */
export function medianParts(parts: Record<string, number>[]): Record<string, number> {
	const keys = [...new Set(parts.flatMap((p) => Object.keys(p)))];
	return Object.fromEntries(keys.map((k) => [k, summarise(parts.map((p) => p[k] ?? 0)).median]));
}
