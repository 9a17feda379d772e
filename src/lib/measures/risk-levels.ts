import { defineMeasure } from './measure';
import type { Engine } from '$lib/db/engine';
import { cohortCountByIn } from './cohort-sql';
import type { Filters } from './filters';
import type { Period } from './periods';
import { RISK_LEVELS, type RiskLevel } from '$lib/db/schema';

export type RiskLevelOrUnknown = RiskLevel | 'not_recorded';
export const RISK_LEVEL_ORDER: readonly RiskLevelOrUnknown[] = [...[...RISK_LEVELS].reverse(), 'not_recorded'];
export const RISK_LEVEL_LABELS: Record<RiskLevelOrUnknown, string> = {
	high: 'High',
	medium: 'Medium',
	low: 'Low',
	none: 'No current risk',
	not_recorded: 'Not recorded'
};

export interface RiskLevelCount {
	level: RiskLevelOrUnknown;
	children: number;
}

export const childrenByRiskLevel = defineMeasure<Period & { filters?: Filters }, RiskLevelCount[]>({
	id: 'children-by-risk-level',
	title: 'Children by risk level',
	definition:
		"Each child in the period's cohort counted once, at the risk level of their latest assessment in the period (the higher level if two agencies assessed on the same day). Levels are each agency's scale mapped to High / Medium / Low / No current risk.",
	async run(engine, period) {
		const [rows] = await childrenByRiskLevelIn(engine, [period], period.filters);
		return rows;
	}
});

/** `childrenByRiskLevel` for several periods, in order (in one query where the derived period table serves them). */
export async function childrenByRiskLevelIn(engine: Engine, periods: readonly Period[], filters?: Filters): Promise<RiskLevelCount[][]> {
	// Every level appears, zero or not, so tables and charts keep the same shape across periods.
	const perPeriod = await cohortCountByIn(engine, periods, filters, `coalesce(risk_level, 'not_recorded')`, RISK_LEVEL_ORDER);
	return perPeriod.map((rows) => rows.map(({ category, children }) => ({ level: category, children })));
}
