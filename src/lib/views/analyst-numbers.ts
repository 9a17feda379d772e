/**
 * How the analyst pages print numbers: suppressed as on board pages, unless analyst mode is on,
 * when exact counts are shown (under the "Restricted" banner).
 */
import { DEFAULT_THRESHOLD, discloseCount, disclosePercent, formatCount, type DisclosedNumber } from '$lib/disclosure/suppress';

export interface NumberPolicy {
	analyst: boolean;
	threshold?: number;
}

export function count(n: number, policy: NumberPolicy): DisclosedNumber {
	return policy.analyst ? { value: n, text: formatCount(n), suppressed: false } : discloseCount(n, policy.threshold ?? DEFAULT_THRESHOLD);
}

export function percent(n: number, of: number, policy: NumberPolicy): DisclosedNumber {
	if (policy.analyst) {
		if (of === 0) return { value: null, text: '–', suppressed: false };
		const pct = Math.round((n / of) * 100);
		return { value: pct, text: `${pct}%`, suppressed: false };
	}
	return disclosePercent(n, of, policy.threshold ?? DEFAULT_THRESHOLD);
}
