/**
 * The Trends page's four measures for one period and filter (src/routes/trends/+page.svelte):
 * monthly incidence, by risk level and by exploitation type over TRENDS_MONTHS months ending with
 * the period, and the six-monthly incidence for the TRENDS_PERIODS periods ending with it. Shared
 * by the bench page (started together, as the page starts them) and native (one after another:
 * one connection, one thread).
 */
import type { Engine } from '$lib/db/engine';
import {
	monthlyByExploitationType, monthlyByRiskLevel, monthlyIncidence, periodIncidence, periodsEndingWith, TRENDS_MONTHS, TRENDS_PERIODS
} from '$lib/measures/trends';
import { monthsBack, type Period, type PeriodScheme } from '$lib/measures/periods';
import type { Filters } from '$lib/measures/filters';
import { cohortScope, cohortTable, dataChanged, dropCohortTables } from '$lib/measures/cohort-tables';

/**
 * The derived cohort tables (src/lib/measures/cohort-tables.ts) dropped and built again, as the
 * first measure after an import, removal or restore does: the period table for the financial
 * scheme and the month table, the two the Summary and Trends pages read. Times each. Also forgets
 * what is kept per data change (the child population: `keptPerData`), as a data change does, so
 * the rounds that follow compute it again.
 */
export async function cohortTablesRebuild(engine: Engine): Promise<Record<string, number>> {
	dataChanged(engine);
	await dropCohortTables(engine);
	const parts: Record<string, number> = {};
	for (const kind of ['financial', 'months'] as const) {
		const t0 = performance.now();
		if (!(await cohortTable(engine, kind))) throw new Error(`the ${kind} cohort table was not built`);
		parts[kind === 'months' ? 'months_table' : 'periods_table'] = performance.now() - t0;
	}
	return parts;
}

export async function trendsMeasures(engine: Engine, period: Period, scheme: PeriodScheme, filters: Filters, together: boolean) {
	// As pageMeasures runs a page's measures: one scope for the call (cohort-tables.ts).
	engine = cohortScope(engine);
	const range = { from: monthsBack(period.end, TRENDS_MONTHS), to: period.end, filters };
	const runs = [
		() => monthlyIncidence.run(engine, range),
		() => monthlyByRiskLevel.run(engine, range),
		() => monthlyByExploitationType.run(engine, range),
		() => periodIncidence.run(engine, { periods: periodsEndingWith(period, TRENDS_PERIODS, scheme), scheme, filters })
	] as const;
	const out: unknown[] = [];
	if (together) out.push(...(await Promise.all(runs.map((r) => r()))));
	else for (const r of runs) out.push(await r());
	const [monthly, byLevel, byType, periods] = out;
	return { monthly, byLevel, byType, periods };
}

/** JSON with keys sorted, to compare results from different engines. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v
	);
}

/** Which measure a statement of the Summary or the Trends page belongs to, for the breakdown. */
export function measureOf(sql: string): string {
	if (/"partnershipName"/.test(sql)) return 'data_coverage';
	if (/by_year AS/.test(sql)) return 'child_population';
	if (/"multiAgencyChildren"/.test(sql)) return 'children_at_risk';
	if (/FROM cohort GROUP BY ALL/.test(sql)) return 'children_by_risk_level';
	if (/"continuingChildren"\s+FROM cohort/.test(sql)) return 'period_incidence_one_period';
	if (/month_cohort/.test(sql) && /exploitation_type, 'not_recorded'/.test(sql)) return 'monthly_by_exploitation_type';
	if (/month_cohort GROUP BY ALL/.test(sql)) return 'monthly_by_risk_level';
	if (/month_cohort/.test(sql)) return 'monthly_incidence';
	if (/generate_series/.test(sql)) return 'monthly_trend';
	return 'other';
}

/** The engine with each query's time added to `parts` under its measure (sequential use only: concurrent queries overlap). */
export function timedByMeasure(engine: Engine, parts: Record<string, number>): Engine {
	return {
		...engine,
		async query(sql, params) {
			const t0 = performance.now();
			try {
				return await engine.query(sql, params);
			} finally {
				const key = measureOf(sql);
				parts[key] = (parts[key] ?? 0) + performance.now() - t0;
			}
		}
	} as Engine;
}
