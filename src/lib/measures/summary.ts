/**
 * Everything the Summary page shows, gathered from the named measures for one period and the
 * two it is compared with. No SQL here: each number belongs to the measure that defines it.
 */
import type { Engine } from '$lib/db/engine';
import { childrenAtRiskIn, type ChildrenAtRisk } from './children-at-risk';
import { childrenByRiskLevelIn, type RiskLevelCount } from './risk-levels';
import { childPopulationIn, type ChildPopulation } from './child-population';
import { cohortScope } from './cohort-tables';
import { monthlyTrend, type MonthlyPoint } from './monthly-trend';
import { dataCoverage } from './data-coverage';
import {
	denominatorYear,
	latestCompletePeriod,
	monthsBack,
	previousPeriod,
	samePeriodLastYear,
	type Period,
	type PeriodScheme
} from './periods';

export interface PeriodFigures {
	period: Period;
	cohort: ChildrenAtRisk;
	byRiskLevel: RiskLevelCount[];
	population: ChildPopulation;
	/** Children at risk per 10,000 children aged 0–17, one decimal place; null without a population. */
	ratePer10k: number | null;
}

export interface SummaryData {
	partnershipName: string | null;
	scheme: PeriodScheme;
	current: PeriodFigures;
	previous: PeriodFigures;
	yearEarlier: PeriodFigures;
	/** Monthly series covering the current period and the two years before it. */
	trend: MonthlyPoint[];
	dataFrom: string;
	dataTo: string;
}

/** How many months of history the Summary's trend chart shows, ending with the period. */
export const SUMMARY_TREND_MONTHS = 36;

export function ratePer10k(count: number, population: number | null): number | null {
	if (!population) return null;
	return Math.round((count / population) * 100_000) / 10;
}

export async function periodFigures(engine: Engine, period: Period, scheme: PeriodScheme): Promise<PeriodFigures> {
	const [figures] = await periodsFigures(engine, [period], scheme);
	return figures;
}

/**
 * `periodFigures` for several periods: each measure asked once for all of them (one query each
 * where the derived period table serves them), and the denominator years' populations in one query.
 */
export async function periodsFigures(engine: Engine, periods: Period[], scheme: PeriodScheme): Promise<PeriodFigures[]> {
	const cohorts = await childrenAtRiskIn(engine, periods);
	const byRiskLevel = await childrenByRiskLevelIn(engine, periods);
	const populations = await childPopulationIn(engine, periods.map((p) => denominatorYear(p, scheme)));
	return periods.map((period, i) => {
		const population = populations[i];
		return { period, cohort: cohorts[i], byRiskLevel: byRiskLevel[i], population, ratePer10k: ratePer10k(cohorts[i].children, population.children) };
	});
}

/**
 * The Summary for `period`, or for the latest complete period when none is given. Returns null
 * when no concern records are loaded.
 */
export async function summary(
	engine: Engine,
	options: { period?: Period; scheme?: PeriodScheme; today: string }
): Promise<SummaryData | null> {
	const scheme = options.scheme ?? 'financial';
	// One look at the derived tables for the whole Summary, as a page call (cohort-tables.ts).
	engine = cohortScope(engine);
	const coverage = await dataCoverage.run(engine);
	if (!coverage.lastDate || !coverage.firstDate) return null;
	const period = options.period ?? latestCompletePeriod(coverage.lastDate, options.today, scheme);
	if (!period) return null;
	const trendStart = monthsBack(period.end, SUMMARY_TREND_MONTHS);
	const [current, previous, yearEarlier] = await periodsFigures(
		engine,
		[period, previousPeriod(period, scheme), samePeriodLastYear(period, scheme)],
		scheme
	);
	return {
		partnershipName: coverage.partnershipName,
		scheme,
		current,
		previous,
		yearEarlier,
		trend: await monthlyTrend.run(engine, {
			from: trendStart < coverage.firstDate ? coverage.firstDate : trendStart,
			to: period.end
		}),
		dataFrom: coverage.firstDate,
		dataTo: coverage.lastDate
	};
}
