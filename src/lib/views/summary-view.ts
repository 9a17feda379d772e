/**
 * What the Summary page prints, derived from the Summary measures with disclosure control
 * applied. Pure, so the page, the end-to-end test and the report all show the same words.
 */
import type { PeriodFigures, SummaryData } from '$lib/measures/summary';
import { RISK_LEVEL_LABELS, type RiskLevelOrUnknown } from '$lib/measures/risk-levels';
import {
	DEFAULT_THRESHOLD,
	discloseCount,
	disclosePercent,
	discloseRate,
	formatCount,
	formatRate,
	isSuppressed,
	suppressWithTotal,
	type DisclosedNumber
} from '$lib/disclosure/suppress';
import { describeChange, type Change } from '$lib/disclosure/change';

/** One point of a headline's sparkline: a period and its figure as shown (null when withheld). */
export interface SparkPoint {
	label: string;
	value: number | null;
	text: string;
}

export interface HeadlineView {
	id: 'children' | 'rate' | 'missing' | 'looked-after';
	label: string;
	value: string;
	unit: string;
	detail: string;
	vsPrevious: Change;
	vsYearEarlier: Change;
	/**
	 * The figure for the same period a year earlier, the period before and this one: three
	 * consecutive six-month periods, oldest first. Optional: reports frozen before it existed lack it.
	 */
	spark?: SparkPoint[];
}

export interface RiskLevelRow {
	level: RiskLevelOrUnknown;
	label: string;
	children: DisclosedNumber;
	share: DisclosedNumber;
}

export interface SummaryView {
	title: string;
	periodLabel: string;
	previousLabel: string;
	yearEarlierLabel: string;
	headlines: HeadlineView[];
	riskLevels: RiskLevelRow[];
	riskTotal: DisclosedNumber;
	populationNote: string;
	sentences: string[];
}

const spark = (f: PeriodFigures, shown: DisclosedNumber): SparkPoint => ({ label: f.period.label, value: shown.value, text: shown.text });

function share(n: number, of: number, threshold: number) {
	return disclosePercent(n, of, threshold);
}

/** The Summary's four headline figures with their direction of travel (also printed by the board output of the measure catalogue). */
export function summaryHeadlines(data: SummaryData, threshold = DEFAULT_THRESHOLD): HeadlineView[] {
	const { current: c, previous: p, yearEarlier: y } = data;
	const hidden = (...figs: PeriodFigures[]) => (key: 'children' | 'wentMissing' | 'lookedAfter') =>
		figs.some((f) => isSuppressed(f.cohort[key], threshold) || isSuppressed(f.cohort.children, threshold));
	const count = (f: PeriodFigures) => f.cohort.children;
	const pct = (f: PeriodFigures, key: 'wentMissing' | 'lookedAfter') => share(f.cohort[key], f.cohort.children, threshold).value;
	const vs = (f: PeriodFigures) => f.period.label;
	// New and continuing add up to the headline, so they are suppressed together with it.
	const split = suppressWithTotal([c.cohort.newChildren, c.cohort.continuingChildren], threshold);
	const [newC, contC] = split.cells.map((d) => d.text);
	const pop = c.population;
	return [
		{
			id: 'children',
			label: 'Children identified at risk',
			value: discloseCount(count(c), threshold).text,
			unit: 'children',
			detail: `${newC} new, ${contC} continuing from earlier periods`,
			vsPrevious: describeChange(count(c), count(p), vs(p), { hidden: hidden(c, p)('children') }),
			vsYearEarlier: describeChange(count(c), count(y), vs(y), { hidden: hidden(c, y)('children') }),
			spark: [y, p, c].map((f) => spark(f, discloseCount(count(f), threshold)))
		},
		{
			id: 'rate',
			label: 'Rate per 10,000 children',
			value: discloseRate(count(c), c.ratePer10k, threshold).text,
			unit: 'per 10,000 aged 0–17',
			detail: pop.children === null
				? 'No population estimate loaded'
				: `Denominator: ${formatCount(pop.children)} children aged 0–17 (ONS mid-${pop.year} estimate)`,
			vsPrevious: describeChange(c.ratePer10k, p.ratePer10k, vs(p), { hidden: hidden(c, p)('children'), format: formatRate }),
			vsYearEarlier: describeChange(c.ratePer10k, y.ratePer10k, vs(y), { hidden: hidden(c, y)('children'), format: formatRate }),
			spark: [y, p, c].map((f) => spark(f, discloseRate(count(f), f.ratePer10k, threshold)))
		},
		{
			id: 'missing',
			label: 'Went missing',
			value: share(c.cohort.wentMissing, count(c), threshold).text,
			unit: 'of these children',
			detail: `${discloseCount(c.cohort.wentMissing, threshold).text} children had a missing episode or a missing flag in the period`,
			vsPrevious: describeChange(pct(c, 'wentMissing'), pct(p, 'wentMissing'), vs(p), { hidden: hidden(c, p)('wentMissing'), unit: 'points' }),
			vsYearEarlier: describeChange(pct(c, 'wentMissing'), pct(y, 'wentMissing'), vs(y), { hidden: hidden(c, y)('wentMissing'), unit: 'points' }),
			spark: [y, p, c].map((f) => spark(f, share(f.cohort.wentMissing, count(f), threshold)))
		},
		{
			id: 'looked-after',
			label: 'Looked after',
			value: share(c.cohort.lookedAfter, count(c), threshold).text,
			unit: 'of these children',
			detail: `${discloseCount(c.cohort.lookedAfter, threshold).text} children recorded as looked after (in care)`,
			vsPrevious: describeChange(pct(c, 'lookedAfter'), pct(p, 'lookedAfter'), vs(p), { hidden: hidden(c, p)('lookedAfter'), unit: 'points' }),
			vsYearEarlier: describeChange(pct(c, 'lookedAfter'), pct(y, 'lookedAfter'), vs(y), { hidden: hidden(c, y)('lookedAfter'), unit: 'points' }),
			spark: [y, p, c].map((f) => spark(f, share(f.cohort.lookedAfter, count(f), threshold)))
		}
	];
}

export function summaryView(data: SummaryData, threshold = DEFAULT_THRESHOLD): SummaryView {
	const c = data.current;
	const levels = suppressWithTotal(c.byRiskLevel.map((r) => r.children), threshold);
	// A share is withheld with its count, and all shares go when the total is hidden.
	const withheldShare: DisclosedNumber = { value: null, text: 'c', suppressed: true };
	const riskLevels = c.byRiskLevel.map((r, i) => ({
		level: r.level,
		label: RISK_LEVEL_LABELS[r.level],
		children: levels.cells[i],
		share: levels.cells[i].suppressed || levels.total.suppressed
			? withheldShare
			: share(r.children, c.cohort.children, threshold)
	}));
	const headlines = summaryHeadlines(data, threshold);
	const [children, , missing, lac] = headlines;
	const high = riskLevels.find((r) => r.level === 'high')!;
	const sentences = [
		`${children.value} children were identified at risk of exploitation in ${c.period.label}, ${children.vsPrevious.text}.`,
		high.children.suppressed
			? 'The number assessed at high risk is too small to show.'
			: `${high.children.text} (${high.share.text}) were at high risk at their latest assessment.`,
		`${missing.value} went missing and ${lac.value} were looked after.`
	];
	return {
		title: `${data.partnershipName ?? 'Partnership'}: ${c.period.label}`,
		periodLabel: c.period.label,
		previousLabel: data.previous.period.label,
		yearEarlierLabel: data.yearEarlier.period.label,
		headlines,
		riskLevels,
		riskTotal: levels.total,
		populationNote:
			c.population.children === null
				? 'Rates need a population file: none is loaded.'
				: c.population.ages && (c.population.ages[0] > 0 || c.population.ages[1] < 17)
					? `Rates use the ONS mid-${c.population.year} estimate, which covers ages ${c.population.ages[0]}–${c.population.ages[1]} only, so they overstate the rate per 10,000 aged 0–17. Load a 0–17 population file.`
				: c.population.year !== c.population.requestedYear
					? `Rates use the ONS mid-${c.population.year} estimate, the latest loaded (mid-${c.population.requestedYear} would be used if loaded).`
					: `Rates use the ONS mid-${c.population.year} estimate.`,
		sentences
	};
}
