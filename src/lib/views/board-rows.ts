/**
 * What a board paper may print of each catalogued measure: the catalogue's rows with every figure
 * replaced by its printed text after disclosure control ("12", "c", "34%", "5.1", "–"). Built from
 * the same view functions the pages use (count, percent, discloseCategories, table, summaryHeadlines),
 * so the command line's `--board` output, the report and the pages agree figure for figure.
 *
 * Labels, codes and dates pass through as text. Figures that would identify a small count are
 * "c": counts from 1 to threshold − 1, further cells where a table's totals would give a hidden
 * one away, and any percentage or rate whose count is hidden.
 */
import type { MeasureName, MeasureRow, RowsOf } from '$lib/measures/catalogue';
import type { SummaryData, PeriodFigures } from '$lib/measures/summary';
import type { RiskLevelOrUnknown } from '$lib/measures/risk-levels';
import { DEFAULT_THRESHOLD, discloseRate, formatCount, formatRate, SUPPRESSED_SYMBOL, suppressWithTotal } from '$lib/disclosure/suppress';
import { count, percent, table, type NumberPolicy } from './analyst-numbers';
import { discloseCategories } from './category-table';
import { summaryHeadlines } from './summary-view';

export type PrintedValue = string | null;
export type PrintedRow = Record<string, PrintedValue>;

type View<N extends MeasureName> = (rows: RowsOf<N>[], policy: NumberPolicy) => PrintedRow[];

const BOARD: NumberPolicy = { analyst: false };

const text = (v: string | number | null | undefined): PrintedValue => (v === null || v === undefined ? null : String(v));
const n = (v: number, policy: NumberPolicy) => count(v, policy).text;
const nOrNull = (v: number | null, policy: NumberPolicy) => (v === null ? null : n(v, policy));
/** Not a count of children or records (a population, a year): printed as it is. */
const plain = (v: number | null) => (v === null ? null : formatCount(v));

/** Category rows that add up to their total (`of`, shown elsewhere): suppressed together. */
function categories<R extends MeasureRow>(rows: R[], field: keyof R & string, policy: NumberPolicy, of?: number): PrintedRow[] {
	const counts = rows.map((r) => Number(r[field]));
	const disclosed = discloseCategories(counts, of ?? counts.reduce((a, b) => a + b, 0), policy);
	return rows.map((r, i) => ({ ...stringify(r), [field]: disclosed[i].text }));
}

/** Every field as text; figures are then overwritten by the view. */
function stringify(row: MeasureRow): PrintedRow {
	return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)]));
}

/** A count split in two parts that add up to it (new and continuing): hidden together, as the Summary does. */
function split(parts: [number, number], policy: NumberPolicy): [string, string] {
	if (policy.analyst) return [n(parts[0], policy), n(parts[1], policy)];
	const { cells } = suppressWithTotal(parts, policy.threshold ?? DEFAULT_THRESHOLD);
	return [cells[0].text, cells[1].text];
}

/** Rebuild the Summary's data from the summary entry's three rows, for the Summary's headline wording. */
function summaryData(rows: RowsOf<'summary'>[]): SummaryData | null {
	const figures = (comparison: string): PeriodFigures | null => {
		const r = rows.find((x) => x.comparison === comparison);
		if (!r) return null;
		return {
			period: { start: r.start, end: r.end, label: r.period },
			cohort: {
				children: r.children, newChildren: r.newChildren, continuingChildren: r.continuingChildren,
				multiAgencyChildren: r.multiAgencyChildren, lookedAfter: r.lookedAfter, wentMissing: r.wentMissing
			},
			byRiskLevel: [],
			population: {
				children: r.population, year: r.populationYear, requestedYear: r.populationRequestedYear,
				ages: r.populationAgeFrom === null || r.populationAgeTo === null ? null : [r.populationAgeFrom, r.populationAgeTo]
			},
			ratePer10k: r.ratePer10k
		};
	};
	const [current, previous, yearEarlier] = [figures('current'), figures('previous'), figures('year earlier')];
	if (!current || !previous || !yearEarlier) return null;
	return {
		partnershipName: rows[0].partnershipName, scheme: 'financial', current, previous, yearEarlier, trend: [],
		dataFrom: yearEarlier.period.start, dataTo: current.period.end
	};
}

const summaryRows: View<'summary'> = (rows, policy) => {
	const data = summaryData(rows);
	const headlines = data ? summaryHeadlines(data, policy.threshold ?? DEFAULT_THRESHOLD) : null;
	return rows.map((r) => {
		const [newChildren, continuingChildren] = split([r.newChildren, r.continuingChildren], policy);
		const current = r.comparison === 'current' && headlines;
		return {
			...stringify(r),
			children: n(r.children, policy),
			newChildren,
			continuingChildren,
			multiAgencyChildren: n(r.multiAgencyChildren, policy),
			lookedAfter: n(r.lookedAfter, policy),
			wentMissing: n(r.wentMissing, policy),
			lookedAfterPercent: percent(r.lookedAfter, r.children, policy).text,
			wentMissingPercent: percent(r.wentMissing, r.children, policy).text,
			population: plain(r.population),
			ratePer10k: policy.analyst ? (r.ratePer10k === null ? '–' : formatRate(r.ratePer10k)) : discloseRate(r.children, r.ratePer10k, policy.threshold).text,
			// Direction of travel, worded as on the Summary (withheld where it rests on a hidden count).
			childrenVsPrevious: current ? headlines[0].vsPrevious.text : null,
			childrenVsYearEarlier: current ? headlines[0].vsYearEarlier.text : null,
			rateVsPrevious: current ? headlines[1].vsPrevious.text : null,
			rateVsYearEarlier: current ? headlines[1].vsYearEarlier.text : null
		};
	});
};

/** Each field named is a count, disclosed on its own. */
const counts =
	<N extends MeasureName>(...fields: (keyof RowsOf<N> & string)[]): View<N> =>
	(rows, policy) =>
		rows.map((r) => ({ ...stringify(r), ...Object.fromEntries(fields.map((f) => [f, nOrNull(r[f] as number | null, policy)])) }));

const childrenAtRiskRows: View<'children-at-risk'> = (rows, policy) =>
	rows.map((r) => {
		const [newChildren, continuingChildren] = split([r.newChildren, r.continuingChildren], policy);
		return {
			...stringify(r), children: n(r.children, policy), newChildren, continuingChildren,
			multiAgencyChildren: n(r.multiAgencyChildren, policy), lookedAfter: n(r.lookedAfter, policy), wentMissing: n(r.wentMissing, policy)
		};
	});

const populationRows: View<'child-population'> = (rows) => rows.map((r) => ({ ...stringify(r), children: plain(r.children) }));

const periodIncidenceRows: View<'period-incidence'> = (rows, policy) =>
	rows.map((r) => {
		const [newChildren, continuingChildren] = split([r.newChildren, r.continuingChildren], policy);
		return {
			...stringify(r),
			children: n(r.children, policy), newChildren, continuingChildren,
			previousChildren: n(r.previousChildren, policy), yearEarlierChildren: n(r.yearEarlierChildren, policy),
			population: plain(r.population),
			ratePer10k: policy.analyst ? (r.ratePer10k === null ? '–' : formatRate(r.ratePer10k)) : discloseRate(r.children, r.ratePer10k, policy.threshold).text
		};
	});

const monthlyIncidenceRows: View<'monthly-incidence'> = (rows, policy) =>
	rows.map((r) => {
		const [newChildren, continuingChildren] = split([r.newChildren, r.continuingChildren], policy);
		return { ...stringify(r), children: n(r.children, policy), newChildren, continuingChildren };
	});

/**
 * Month × risk level. Each month's levels add up to that month's children, which the monthly
 * incidence shows: a two-way table with its row totals published.
 */
export function monthlyRiskTable<R extends { month: string; level: RiskLevelOrUnknown; children: number }>(rows: readonly R[], policy: NumberPolicy) {
	const months = [...new Set(rows.map((r) => r.month))];
	const levels = [...new Set(rows.map((r) => r.level))];
	const cells = months.map((m) => levels.map((l) => rows.find((r) => r.month === m && r.level === l)?.children ?? 0));
	const disclosed = table(cells, { rowTotals: true }, policy);
	return (r: R) => disclosed[months.indexOf(r.month)][levels.indexOf(r.level)];
}

const monthlyRiskRows: View<'monthly-by-risk-level'> = (rows, policy) => {
	const cell = monthlyRiskTable(rows, policy);
	return rows.map((r) => ({ ...stringify(r), children: cell(r).text }));
};

const prevalenceRows: View<'core-risk-prevalence'> = (rows, policy) =>
	rows.map((r) => ({
		...stringify(r), children: n(r.children, policy), cohort: n(r.cohort, policy),
		percent: count(r.children, policy).suppressed ? SUPPRESSED_SYMBOL : percent(r.children, r.cohort, policy).text
	}));

const missingRows: View<'missing-episodes'> = (rows, policy) =>
	rows.map((r) => {
		const [endedEpisodes, openEpisodes] = split([r.endedEpisodes, r.openEpisodes], policy);
		return {
			...stringify(r), episodes: n(r.episodes, policy), children: n(r.children, policy), repeatChildren: n(r.repeatChildren, policy),
			endedEpisodes, openEpisodes, endBeforeStart: n(r.endBeforeStart, policy),
			// A median of a handful of episodes describes those few children: withheld with their count.
			medianHours: r.medianHours === null ? '–' : count(r.endedEpisodes, policy).suppressed || endedEpisodes === SUPPRESSED_SYMBOL ? SUPPRESSED_SYMBOL : formatRate(r.medianHours)
		};
	});

/** Episodes by category add up to the episodes shown in `missing-episodes`. */
const episodeCategories = <N extends 'missing-episodes-by-type' | 'missing-episodes-by-setting'>(): View<N> => (rows, policy) =>
	categories(rows, 'episodes', policy);

const completenessRows: View<'field-completeness'> = (rows, policy) =>
	rows.map((r) => ({
		...stringify(r), records: n(r.records, policy), filled: n(r.filled, policy),
		percentFilled: count(r.filled, policy).suppressed ? SUPPRESSED_SYMBOL : percent(r.filled, r.records, policy).text
	}));

const rejectedRows: View<'rejected-by-file'> = (rows, policy) =>
	rows.map((r) => {
		const [loaded, rejected] = split([r.loaded, r.rejected], policy);
		const { importId: _id, ...rest } = stringify(r);
		return {
			...rest, read: n(r.read, policy), loaded, rejected,
			...Object.fromEntries(Object.entries(r).filter(([k]) => /^reason\dRows$/.test(k)).map(([k, v]) => [k, nOrNull(v as number | null, policy)]))
		};
	});

const comparisonRows: View<'published-comparison'> = (rows, policy) =>
	rows.map((r) => ({
		...stringify(r),
		// DfE's own symbols (c, x, z…) as published; a number passes the same check as our own counts.
		value: r.value === null ? (r.rawValue ?? 'not published') : n(r.value, policy),
		rawValue: r.value === null ? r.rawValue : n(r.value, policy)
	}));

const sourceRows: View<'source-files'> = (rows, policy) =>
	rows.map((r) => {
		const [rowsLoaded, rowsRejected] = split([r.rowsLoaded, r.rowsRejected], policy);
		const { importId: _id, ...rest } = stringify(r);
		return { ...rest, rowsRead: n(r.rowsRead, policy), rowsLoaded, rowsRejected };
	});

/** Every catalogued measure's board view; a new catalogue entry does not compile until it has one. */
const VIEWS: { [N in MeasureName]: View<N> } = {
	summary: summaryRows,
	'monthly-trend': counts('children', 'newChildren'),
	'children-at-risk': childrenAtRiskRows,
	'children-by-risk-level': (rows, policy) => categories(rows, 'children', policy),
	'child-population': populationRows,
	'period-incidence': periodIncidenceRows,
	'monthly-incidence': monthlyIncidenceRows,
	'monthly-by-risk-level': monthlyRiskRows,
	'monthly-by-exploitation-type': counts('children'),
	'children-by-age-band': (rows, policy) => categories(rows, 'children', policy),
	'children-by-sex': (rows, policy) => categories(rows, 'children', policy),
	'children-by-ethnic-group': (rows, policy) => categories(rows, 'children', policy),
	'children-by-disability': (rows, policy) => categories(rows, 'children', policy),
	'children-by-agency': counts('children'),
	// The category code ("1", "2", "3+") reads like a count: the label says it in words.
	'agency-overlap': (rows, policy) => categories(rows, 'children', policy).map(({ agencies: _code, ...r }) => r),
	'agency-pairs': counts('children'),
	'core-risk-prevalence': prevalenceRows,
	'core-risk-co-occurrence': counts('children'),
	'missing-episodes': missingRows,
	'missing-episodes-by-type': episodeCategories(),
	'missing-episodes-by-setting': episodeCategories(),
	'return-home-interviews': counts('episodes', 'endedEpisodes', 'offered', 'accepted', 'held', 'heldWithin72Hours'),
	'field-completeness': completenessRows,
	'agency-gaps': counts('records'),
	'rejected-by-file': rejectedRows,
	'published-comparison': comparisonRows,
	'source-files': sourceRows,
	'data-coverage': (rows) => rows.map(stringify),
	'store-contents': counts('rows')
};

/** The printed rows of measure `name`, as a board paper (or, with an analyst policy, the analyst pages) would print them. */
export function printedRows<N extends MeasureName>(name: N, rows: readonly MeasureRow[], policy: NumberPolicy = BOARD): PrintedRow[] {
	return (VIEWS[name] as View<N>)(rows as RowsOf<N>[], policy);
}

/** What a board paper may print of measure `name`: suppressed at the default threshold unless another is given. */
export function boardRows(name: MeasureName, rows: readonly MeasureRow[], threshold = DEFAULT_THRESHOLD): PrintedRow[] {
	return printedRows(name, rows, { analyst: false, threshold });
}
