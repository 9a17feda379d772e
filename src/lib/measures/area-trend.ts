/**
 * Month by month counts for every area of the map, for the side panel's trend: the same
 * area-counts measure run once per month (monthPeriod), so a month on the panel's chart is exactly
 * what the map shows when that month is chosen. Run once for all areas and kept by the page, so
 * clicking from area to area costs nothing.
 */
import type { Engine } from '$lib/db/engine';
import { defineMeasure } from './measure';
import { areaCounts, monthPeriod, type AreaCountParams } from './area-counts';

/** Months on the panel's trend: a year shows a season's rise and fall without crowding a small chart. */
export const AREA_TREND_MONTHS = 12;

export interface AreaTrendMonth {
	/** First day of the month (ISO). */
	month: string;
	label: string;
	/** Count per area code. */
	counts: Record<string, number>;
	/** Sum over the map's areas (what the partnership's areas hold that month). */
	partnership: number;
}

export interface AreaTrendParams extends Omit<AreaCountParams, 'period'> {
	/** Months as `YYYY-MM`, oldest first. */
	months: readonly string[];
	signal?: AbortSignal;
}

export const areaMonthlyTrend = defineMeasure<AreaTrendParams, AreaTrendMonth[]>({
	id: 'area-monthly-trend',
	title: 'Each area, month by month',
	definition:
		'The same count as the map, for each calendar month: how many fell in the area that month (for children at risk, the children whose records were active in the month, so a child can count in several months).',
	async run(engine, { months, signal, ...params }) {
		const out: AreaTrendMonth[] = [];
		for (const m of months) {
			if (signal?.aborted) throw new DOMException('The trend was no longer needed.', 'AbortError');
			const period = monthPeriod(m);
			const r = await areaCounts.run(engine, { ...params, period });
			out.push({
				month: period.start,
				label: period.label,
				counts: Object.fromEntries(r.areas.map((a) => [a.code, a.count])),
				partnership: r.areas.reduce((s, a) => s + a.count, 0)
			});
		}
		return out;
	}
});
