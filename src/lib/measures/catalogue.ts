/**
 * The measure catalogue: every measure the product reports for a period, by name, with its
 * counting rule and how to compute its rows for a period and filters. The command line prints it
 * (`npm run cli -- measures`), and the report uses it, so a figure in either is the same figure the
 * pages show. Rows here are the analyst's exact values; what a board paper may print is
 * `boardRows` in src/lib/views/board-rows.ts, applied to these rows.
 *
 * Entries named after a measure carry that measure's id (tests/lib/measures/catalogue.test.ts
 * checks). Each entry gathers rows from the named measures in this folder (no SQL of its own) and flattens
 * them into plain records, one primitive per field, so they print as JSON or CSV unchanged.
 */
import type { Engine } from '$lib/db/engine';
import type { Filters } from './filters';
import { denominatorYear, monthsBack, type Period, type PeriodScheme } from './periods';
import { summary, SUMMARY_TREND_MONTHS } from './summary';
import { childrenAtRisk } from './children-at-risk';
import { childrenByRiskLevel, RISK_LEVEL_LABELS } from './risk-levels';
import { monthlyTrend } from './monthly-trend';
import { dataCoverage } from './data-coverage';
import { childPopulation } from './child-population';
import {
	monthlyIncidence,
	monthlyByRiskLevel,
	monthlyByExploitationType,
	periodIncidence,
	periodsEndingWith,
	TRENDS_MONTHS,
	TRENDS_PERIODS
} from './trends';
import { childrenByAgeBand, childrenBySex, childrenByEthnicGroup, childrenByDisability } from './profile';
import { childrenByAgency, agencyOverlap, agencyPairs } from './agencies';
import { coreRiskPrevalence, coreRiskCoOccurrence } from './core-risks';
import { missingEpisodes, returnHomeInterviews } from './missing';
import { fieldCompleteness, rejectedByFile, agencyGaps } from './data-quality';
import { publishedComparison, partnershipAreaCodes, comparisonNeighbours, ENGLAND_CODE } from './comparison';
import { sourceFiles } from './sources';
import { storeContents } from './store-contents';

/** One field of a row: rows stay flat so they print as JSON or CSV as they are. */
export type RowValue = string | number | null;
export type MeasureRow = Record<string, RowValue>;

/** What every entry is computed for. */
export interface MeasureContext {
	period: Period;
	scheme: PeriodScheme;
	/** The analyst pages' filters; entries whose measures take none say so in their definition. */
	filters: Filters;
}

export interface CatalogueEntry<Name extends string = string, Row extends MeasureRow = MeasureRow> {
	name: Name;
	title: string;
	definition: string;
	rows(engine: Engine, context: MeasureContext): Promise<Row[]>;
}

const entry = <const Name extends string, Row extends MeasureRow>(e: CatalogueEntry<Name, Row>) => e;

const NO_FILTERS = ' The filters do not apply.';

/** Children at risk, rate and population for the period, the one before and the same one a year earlier (the Summary's figures). */
const summaryEntry = entry({
	name: 'summary',
	title: 'Summary: children identified at risk and rate per 10,000',
	definition:
		'The Summary page\'s figures for the period, the period before and the same period a year earlier: unique children with a concern record active in the period (new and continuing, known to more than one agency, looked after, went missing), and the rate per 10,000 children aged 0–17 (ONS mid-year estimate for the year before the reporting year ends). Board-facing, so the filters do not apply.',
	async rows(engine, { period, scheme }) {
		const data = await summary(engine, { period, scheme, today: period.end });
		if (!data) return [];
		const figures = [
			['current', data.current],
			['previous', data.previous],
			['year earlier', data.yearEarlier]
		] as const;
		return figures.map(([comparison, f]) => ({
			comparison,
			period: f.period.label,
			start: f.period.start,
			end: f.period.end,
			children: f.cohort.children,
			newChildren: f.cohort.newChildren,
			continuingChildren: f.cohort.continuingChildren,
			multiAgencyChildren: f.cohort.multiAgencyChildren,
			lookedAfter: f.cohort.lookedAfter,
			wentMissing: f.cohort.wentMissing,
			population: f.population.children,
			populationYear: f.population.year,
			populationRequestedYear: f.population.requestedYear,
			populationAgeFrom: f.population.ages?.[0] ?? null,
			populationAgeTo: f.population.ages?.[1] ?? null,
			ratePer10k: f.ratePer10k,
			partnershipName: data.partnershipName
		}));
	}
});

const monthlyTrendEntry = entry({
	name: 'monthly-trend',
	title: monthlyTrend.title,
	definition: `${monthlyTrend.definition} The ${SUMMARY_TREND_MONTHS} months ending with the period (from the first month with data), as on the Summary.${NO_FILTERS}`,
	async rows(engine, { period }) {
		const coverage = await dataCoverage.run(engine);
		if (!coverage.firstDate) return [];
		const from = monthsBack(period.end, SUMMARY_TREND_MONTHS);
		const points = await monthlyTrend.run(engine, { from: from < coverage.firstDate ? coverage.firstDate : from, to: period.end });
		return points.map((p) => ({ ...p }));
	}
});

const childrenAtRiskEntry = entry({
	name: 'children-at-risk',
	title: childrenAtRisk.title,
	definition: childrenAtRisk.definition,
	async rows(engine, { period, filters }) {
		return [{ period: period.label, ...(await childrenAtRisk.run(engine, { ...period, filters })) }];
	}
});

const riskLevelEntry = entry({
	name: 'children-by-risk-level',
	title: childrenByRiskLevel.title,
	definition: childrenByRiskLevel.definition,
	async rows(engine, { period, filters }) {
		const rows = await childrenByRiskLevel.run(engine, { ...period, filters });
		return rows.map((r) => ({ level: r.level, label: RISK_LEVEL_LABELS[r.level], children: r.children }));
	}
});

const populationEntry = entry({
	name: 'child-population',
	title: childPopulation.title,
	definition: `${childPopulation.definition}${NO_FILTERS}`,
	async rows(engine, { period, scheme }) {
		const p = await childPopulation.run(engine, { year: denominatorYear(period, scheme) });
		return [{ children: p.children, year: p.year, requestedYear: p.requestedYear, ageFrom: p.ages?.[0] ?? null, ageTo: p.ages?.[1] ?? null }];
	}
});

/** The Trends page's month range: the months ending with the period. */
const trendMonths = (period: Period) => ({ from: monthsBack(period.end, TRENDS_MONTHS), to: period.end });

const periodIncidenceEntry = entry({
	name: 'period-incidence',
	title: periodIncidence.title,
	definition: `${periodIncidence.definition} The ${TRENDS_PERIODS} periods ending with the chosen one.`,
	async rows(engine, { period, scheme, filters }) {
		const rows = await periodIncidence.run(engine, { periods: periodsEndingWith(period, TRENDS_PERIODS, scheme), scheme, filters });
		return rows.map((r) => ({ ...r }));
	}
});

const monthlyIncidenceEntry = entry({
	name: 'monthly-incidence',
	title: monthlyIncidence.title,
	definition: `${monthlyIncidence.definition} The ${TRENDS_MONTHS} months ending with the period.`,
	async rows(engine, { period, filters }) {
		return (await monthlyIncidence.run(engine, { ...trendMonths(period), filters })).map((r) => ({ ...r }));
	}
});

const monthlyRiskEntry = entry({
	name: 'monthly-by-risk-level',
	title: monthlyByRiskLevel.title,
	definition: `${monthlyByRiskLevel.definition} The ${TRENDS_MONTHS} months ending with the period.`,
	async rows(engine, { period, filters }) {
		return (await monthlyByRiskLevel.run(engine, { ...trendMonths(period), filters })).map((r) => ({ ...r }));
	}
});

const monthlyTypeEntry = entry({
	name: 'monthly-by-exploitation-type',
	title: monthlyByExploitationType.title,
	definition: `${monthlyByExploitationType.definition} The ${TRENDS_MONTHS} months ending with the period.`,
	async rows(engine, { period, filters }) {
		return (await monthlyByExploitationType.run(engine, { ...trendMonths(period), filters })).map((r) => ({ ...r }));
	}
});

const ageEntry = entry({
	name: 'children-by-age-band',
	title: childrenByAgeBand.title,
	definition: childrenByAgeBand.definition,
	async rows(engine, { period, filters }) {
		return (await childrenByAgeBand.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const sexEntry = entry({
	name: 'children-by-sex',
	title: childrenBySex.title,
	definition: childrenBySex.definition,
	async rows(engine, { period, filters }) {
		return (await childrenBySex.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const ethnicEntry = entry({
	name: 'children-by-ethnic-group',
	title: childrenByEthnicGroup.title,
	definition: childrenByEthnicGroup.definition,
	async rows(engine, { period, filters }) {
		return (await childrenByEthnicGroup.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const disabilityEntry = entry({
	name: 'children-by-disability',
	title: childrenByDisability.title,
	definition: childrenByDisability.definition,
	async rows(engine, { period, filters }) {
		return (await childrenByDisability.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const agencyEntry = entry({
	name: 'children-by-agency',
	title: childrenByAgency.title,
	definition: childrenByAgency.definition,
	async rows(engine, { period, filters }) {
		return (await childrenByAgency.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const overlapEntry = entry({
	name: 'agency-overlap',
	title: agencyOverlap.title,
	definition: agencyOverlap.definition,
	async rows(engine, { period, filters }) {
		return (await agencyOverlap.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const pairsEntry = entry({
	name: 'agency-pairs',
	title: agencyPairs.title,
	definition: agencyPairs.definition,
	async rows(engine, { period, filters }) {
		return (await agencyPairs.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const prevalenceEntry = entry({
	name: 'core-risk-prevalence',
	title: coreRiskPrevalence.title,
	definition: coreRiskPrevalence.definition,
	async rows(engine, { period, filters }) {
		return (await coreRiskPrevalence.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const coOccurrenceEntry = entry({
	name: 'core-risk-co-occurrence',
	title: coreRiskCoOccurrence.title,
	definition: coreRiskCoOccurrence.definition,
	async rows(engine, { period, filters }) {
		return (await coreRiskCoOccurrence.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const missingEntry = entry({
	name: 'missing-episodes',
	title: missingEpisodes.title,
	definition: `${missingEpisodes.definition} Scope "cohort".`,
	async rows(engine, { period, filters }) {
		const m = await missingEpisodes.run(engine, { ...period, filters });
		return [{
			scope: m.scope, episodes: m.episodes, children: m.children, repeatChildren: m.repeatChildren, endedEpisodes: m.endedEpisodes,
			openEpisodes: m.openEpisodes, endBeforeStart: m.endBeforeStart, medianHours: m.medianHours
		}];
	}
});

const missingTypeEntry = entry({
	name: 'missing-episodes-by-type',
	title: 'Missing episodes: missing or away',
	definition: `${missingEpisodes.definition} Scope "cohort". Rows: the episodes by the looked-after return's M/A category.`,
	async rows(engine, { period, filters }) {
		return (await missingEpisodes.run(engine, { ...period, filters })).byType.map((r) => ({ ...r }));
	}
});

const missingSettingEntry = entry({
	name: 'missing-episodes-by-setting',
	title: 'Missing episodes: from home or from care',
	definition: `${missingEpisodes.definition} Scope "cohort". Rows: the episodes by where the child went missing from.`,
	async rows(engine, { period, filters }) {
		return (await missingEpisodes.run(engine, { ...period, filters })).bySetting.map((r) => ({ ...r }));
	}
});

const rhiEntry = entry({
	name: 'return-home-interviews',
	title: returnHomeInterviews.title,
	definition: `${returnHomeInterviews.definition} Scope "cohort".`,
	async rows(engine, { period, filters }) {
		return [{ ...(await returnHomeInterviews.run(engine, { ...period, filters })) }];
	}
});

const completenessEntry = entry({
	name: 'field-completeness',
	title: fieldCompleteness.title,
	definition: fieldCompleteness.definition,
	async rows(engine, { period, filters }) {
		return (await fieldCompleteness.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

const gapsEntry = entry({
	name: 'agency-gaps',
	title: agencyGaps.title,
	definition: agencyGaps.definition,
	async rows(engine, { period, filters }) {
		return (await agencyGaps.run(engine, { ...period, filters })).map((r) => ({ ...r }));
	}
});

/** How many reason codes each file lists, as on the Data quality page. */
const REJECTED_TOP_REASONS = 3;

const rejectedEntry = entry({
	name: 'rejected-by-file',
	title: rejectedByFile.title,
	definition: `${rejectedByFile.definition} Not limited to the period: a file is read whole.${NO_FILTERS}`,
	async rows(engine) {
		const rows = await rejectedByFile.run(engine, { top: REJECTED_TOP_REASONS });
		// The top reasons as numbered fields (code and rows), so every row has the same flat shape.
		return rows.map(({ reasons, ...r }) => ({
			...r,
			...Object.fromEntries(
				Array.from({ length: REJECTED_TOP_REASONS }, (_, i) => [
					[`reason${i + 1}`, reasons[i]?.code ?? null],
					[`reason${i + 1}Rows`, reasons[i]?.rows ?? null]
				]).flat()
			)
		}));
	}
});

const comparisonEntry = entry({
	name: 'published-comparison',
	title: publishedComparison.title,
	definition: `${publishedComparison.definition} Areas: the partnership's local authority, its region where published, England, and the neighbours chosen on the Report page.${NO_FILTERS}`,
	async rows(engine) {
		const codes = await partnershipAreaCodes(engine);
		const neighbours = (await comparisonNeighbours(engine)).filter((c) => !codes.laCodes.includes(c));
		const areaCodes = [...codes.laCodes, ...(codes.regionCode ? [codes.regionCode] : []), ENGLAND_CODE, ...neighbours];
		return (await publishedComparison.run(engine, { areaCodes })).map((r) => ({ ...r }));
	}
});

const sourcesEntry = entry({
	name: 'source-files',
	title: sourceFiles.title,
	definition: `${sourceFiles.definition}${NO_FILTERS}`,
	async rows(engine) {
		return (await sourceFiles.run(engine)).map((r) => ({ ...r }));
	}
});

const coverageEntry = entry({
	name: 'data-coverage',
	title: dataCoverage.title,
	definition: `${dataCoverage.definition}${NO_FILTERS}`,
	async rows(engine) {
		return [{ ...(await dataCoverage.run(engine)) }];
	}
});

const storeEntry = entry({
	name: 'store-contents',
	title: storeContents.title,
	definition: `${storeContents.definition}${NO_FILTERS}`,
	async rows(engine) {
		return (await storeContents.run(engine)).map((r) => ({ ...r }));
	}
});

/** Every entry, in the order a report reads: headline, trends, profile, agencies, risks, missing, data. */
export const MEASURE_CATALOGUE = [
	summaryEntry,
	monthlyTrendEntry,
	childrenAtRiskEntry,
	riskLevelEntry,
	populationEntry,
	periodIncidenceEntry,
	monthlyIncidenceEntry,
	monthlyRiskEntry,
	monthlyTypeEntry,
	ageEntry,
	sexEntry,
	ethnicEntry,
	disabilityEntry,
	agencyEntry,
	overlapEntry,
	pairsEntry,
	prevalenceEntry,
	coOccurrenceEntry,
	missingEntry,
	missingTypeEntry,
	missingSettingEntry,
	rhiEntry,
	completenessEntry,
	gapsEntry,
	rejectedEntry,
	comparisonEntry,
	sourcesEntry,
	coverageEntry,
	storeEntry
] as const;

export type CatalogueEntries = (typeof MEASURE_CATALOGUE)[number];
export type MeasureName = CatalogueEntries['name'];
/** The row type of the entry called `N`. */
export type RowsOf<N extends MeasureName> = Extract<CatalogueEntries, { name: N }> extends CatalogueEntry<N, infer Row> ? Row : never;

export interface MeasureOutput {
	name: MeasureName;
	definition: string;
	rows: MeasureRow[];
}

/** The entry called `name`, or undefined. */
export function catalogueEntry(name: string): CatalogueEntries | undefined {
	return MEASURE_CATALOGUE.find((e) => e.name === name);
}

/** Every entry's exact rows for the context, in catalogue order (the analyst's output). */
export async function allMeasureRows(engine: Engine, context: MeasureContext): Promise<MeasureOutput[]> {
	const out: MeasureOutput[] = [];
	// One at a time: the engine runs one query at a time anyway, and the order stays fixed.
	for (const e of MEASURE_CATALOGUE) out.push({ name: e.name, definition: e.definition, rows: await e.rows(engine, context) });
	return out;
}
