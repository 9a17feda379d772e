/**
 * Assembles the six-monthly prevalence report for a period from the measure catalogue's board
 * output (src/lib/views/board-rows.ts), so every figure in the report is the figure a board paper
 * may show and equal to the one the command line prints with `--board`. Disclosure control is
 * always on here: there is no analyst report.
 */
import type { Engine } from '$lib/db/engine';
import { allMeasureRows, catalogueEntry, type MeasureName, type MeasureOutput } from '$lib/measures/catalogue';
import { boardRows, type PrintedRow } from '$lib/views/board-rows';
import { summary } from '$lib/measures/summary';
import { summaryView } from '$lib/views/summary-view';
import { previousPeriod, type Period, type PeriodScheme } from '$lib/measures/periods';
import { riskMovement, RISK_MOVEMENT_LABELS } from '$lib/measures/risk-movement';
import { discloseCategories } from '$lib/views/category-table';
import { DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';
import { hotspotAreas } from '$lib/geo/hotspots';
import { boundaryLevels } from '$lib/geo/boundary-store';
import { choroplethBreaks, discloseMapAreas, MAP_THRESHOLD } from '$lib/geo/breaks';
import type { AreaLevel } from '$lib/geo/boundaries';
import {
	REPORT_FORMAT_VERSION,
	type MethodNote,
	type ReportBarChart,
	type ReportColumn,
	type ReportContent,
	type ReportMap,
	type ReportSection,
	type ReportSeriesChart,
	type ReportTable
} from './content';

export interface AssembleOptions {
	period: Period;
	scheme?: PeriodScheme;
	/** ISO timestamp written on the cover. */
	generatedAt: string;
	threshold?: number;
}

/** A printed figure as a number for a chart ("1,234" → 1234, "22%" → 22); null for "c", "–" or blank. */
export function printedNumber(text: string | null | undefined): number | null {
	if (text === null || text === undefined) return null;
	const n = Number(text.replace(/,/g, '').replace(/%$/, ''));
	return text.trim() === '' || !Number.isFinite(n) ? null : n;
}

const LEVEL_LABELS: Record<AreaLevel, string> = { small_area: 'small area', ward: 'ward', la: 'local authority' };

/** The map level for a board: wards where loaded (small areas would hide most counts), else small areas. */
const MAP_LEVEL_PREFERENCE: AreaLevel[] = ['ward', 'small_area'];

export async function assembleReport(engine: Engine, options: AssembleOptions): Promise<ReportContent | null> {
	const scheme = options.scheme ?? 'financial';
	const threshold = options.threshold ?? DEFAULT_THRESHOLD;
	const { period } = options;
	const data = await summary(engine, { period, scheme, today: period.end });
	if (!data) return null;
	const view = summaryView(data, threshold);
	const outputs = await allMeasureRows(engine, { period, scheme, filters: {} });
	const printed = new Map<MeasureName, PrintedRow[]>(outputs.map((o) => [o.name, boardRows(o.name, o.rows, threshold)]));
	const definitions = new Map<MeasureName, MeasureOutput>(outputs.map((o) => [o.name, o]));
	const rowsOf = (name: MeasureName) => printed.get(name) ?? [];
	const table = (measure: MeasureName, title: string, columns: ReportColumn[], filter?: (r: PrintedRow) => boolean): ReportTable => ({
		measure,
		title,
		columns,
		rows: filter ? rowsOf(measure).filter(filter) : rowsOf(measure)
	});
	const used = new Set<MeasureName>();
	const use = (...names: MeasureName[]) => names.forEach((n) => used.add(n));

	const sections: ReportSection[] = [];

	// Headline figures: the Summary page's words.
	use('summary');
	sections.push({ id: 'headlines', title: 'Headline figures', sentences: view.sentences.concat(view.populationNote), charts: [], tables: [] });

	// Incidence trend.
	use('monthly-incidence', 'period-incidence');
	const monthly = rowsOf('monthly-incidence');
	const trendChart: ReportSeriesChart = {
		kind: 'series',
		title: 'Children at risk each month',
		summary: monthlySummary(monthly),
		yLabel: 'Children',
		points: monthly.flatMap((r) => [
			{ x: r.month ?? '', series: 'Children at risk', value: printedNumber(r.children) },
			{ x: r.month ?? '', series: 'Newly identified', value: printedNumber(r.newChildren) }
		])
	};
	sections.push({
		id: 'trend',
		title: 'Incidence: children identified at risk over time',
		sentences: [],
		charts: [trendChart],
		tables: [
			table('period-incidence', 'Children at risk in each six-month period', [
				{ key: 'period', label: 'Period' },
				{ key: 'children', label: 'Children at risk', numeric: true },
				{ key: 'newChildren', label: 'New', numeric: true },
				{ key: 'continuingChildren', label: 'Continuing', numeric: true },
				{ key: 'ratePer10k', label: 'Rate per 10,000', numeric: true }
			])
		]
	});

	// Risk levels and movement between them.
	use('children-by-risk-level');
	const movement = await riskMovement.run(engine, { current: period, previous: previousPeriod(period, scheme) });
	const moved = discloseCategories(movement.map((m) => m.children), movement.reduce((a, m) => a + m.children, 0), { analyst: false, threshold });
	const levels = rowsOf('children-by-risk-level');
	sections.push({
		id: 'risk',
		title: 'The cohort by risk level, and movement between levels',
		sentences: [],
		charts: [bars('Children by risk level at their latest assessment', levels, 'label', 'children', false)],
		tables: [
			table('children-by-risk-level', 'Children by risk level', [
				{ key: 'label', label: 'Risk level' },
				{ key: 'children', label: 'Children', numeric: true }
			]),
			{
				measure: riskMovement.id,
				title: `Movement since ${view.previousLabel}`,
				columns: [
					{ key: 'label', label: 'Movement' },
					{ key: 'children', label: 'Children', numeric: true }
				],
				rows: movement.map((m, i) => ({ movement: m.movement, label: RISK_MOVEMENT_LABELS[m.movement], children: moved[i].text }))
			}
		]
	});

	// Profile and agencies.
	use('children-by-age-band', 'children-by-sex', 'children-by-ethnic-group', 'children-by-disability', 'children-by-agency', 'agency-overlap');
	const category = (measure: MeasureName, title: string, label: string) =>
		table(measure, title, [
			{ key: 'label', label },
			{ key: 'children', label: 'Children', numeric: true }
		]);
	sections.push({
		id: 'profile',
		title: 'Profile of the children, and the agencies that know them',
		sentences: [],
		charts: [bars('Children by age band', rowsOf('children-by-age-band'), 'label', 'children', false)],
		tables: [
			category('children-by-age-band', 'Age band', 'Age band'),
			category('children-by-sex', 'Sex', 'Sex'),
			category('children-by-ethnic-group', 'Ethnic group', 'Ethnic group'),
			category('children-by-disability', 'Disability or special educational needs', 'Disability or SEN'),
			table('children-by-agency', 'Children identified by each agency', [
				{ key: 'agency', label: 'Agency' },
				{ key: 'children', label: 'Children', numeric: true }
			]),
			category('agency-overlap', 'Children known to more than one agency', 'Known to')
		]
	});

	// Core risks.
	use('core-risk-prevalence');
	const prevalence = rowsOf('core-risk-prevalence');
	sections.push({
		id: 'core-risks',
		title: 'Core risks among the cohort',
		sentences: [],
		charts: [bars('Share of the cohort with each core risk', prevalence, 'label', 'percent', true)],
		tables: [
			table('core-risk-prevalence', 'Core risks', [
				{ key: 'label', label: 'Risk' },
				{ key: 'children', label: 'Children', numeric: true },
				{ key: 'percent', label: 'Share of cohort', numeric: true }
			])
		]
	});

	// Missing and return-home interviews.
	use('missing-episodes', 'missing-episodes-by-type', 'return-home-interviews');
	sections.push({
		id: 'missing',
		title: 'Going missing, and return-home interviews',
		sentences: [],
		charts: [],
		tables: [
			table('missing-episodes', 'Missing episodes of children in the cohort', [
				{ key: 'episodes', label: 'Episodes', numeric: true },
				{ key: 'children', label: 'Children', numeric: true },
				{ key: 'repeatChildren', label: 'Missing 3 or more times', numeric: true },
				{ key: 'medianHours', label: 'Median hours missing', numeric: true }
			]),
			table('missing-episodes-by-type', 'Missing or away', [
				{ key: 'label', label: 'Type' },
				{ key: 'episodes', label: 'Episodes', numeric: true }
			]),
			table('return-home-interviews', 'Return-home interviews', [
				{ key: 'endedEpisodes', label: 'Episodes ended', numeric: true },
				{ key: 'offered', label: 'Offered', numeric: true },
				{ key: 'accepted', label: 'Accepted', numeric: true },
				{ key: 'heldWithin72Hours', label: 'Held within 72 hours', numeric: true }
			])
		]
	});

	// Hotspot map.
	const map = await boardMap(engine, period, scheme);
	sections.push({
		id: 'map',
		title: 'Where the children live',
		sentences: [],
		charts: [],
		tables: [],
		map: map ?? undefined,
		empty: map ? undefined : 'No boundaries are loaded, so there is no map. Load the area boundaries on the Import page.'
	});

	// Comparison with England, region and neighbours.
	use('published-comparison');
	const comparison = rowsOf('published-comparison');
	sections.push({
		id: 'comparison',
		title: 'Comparison with England, the region and neighbours',
		charts: [],
		sentences: comparison.length ? [comparisonNote(comparison)] : [],
		tables: comparison.length ? [comparisonTable(comparison, data.partnershipName)] : [],
		empty: comparison.length ? undefined : 'No DfE children-in-need factors file is loaded, so there is no comparison. Import one from explore-education-statistics to add it.'
	});

	// Data quality and sources.
	use('rejected-by-file', 'field-completeness', 'source-files');
	sections.push({
		id: 'data-quality',
		title: 'Data quality and sources',
		sentences: [],
		charts: [],
		tables: [
			table('rejected-by-file', 'Rows read, loaded and rejected, by file', [
				{ key: 'fileName', label: 'File' },
				{ key: 'agency', label: 'Agency' },
				{ key: 'read', label: 'Read', numeric: true },
				{ key: 'loaded', label: 'Loaded', numeric: true },
				{ key: 'rejected', label: 'Rejected', numeric: true }
			]),
			table('field-completeness', 'How complete each field is, by agency', [
				{ key: 'agency', label: 'Agency' },
				{ key: 'field', label: 'Field' },
				{ key: 'percentFilled', label: 'Filled', numeric: true }
			])
		]
	});
	sections.push({ id: 'checklist', title: 'The five-point checklist', sentences: [], charts: [], tables: [] });

	const methodNotes: MethodNote[] = [
		{
			title: 'Disclosure control',
			text: `Counts from 1 to ${threshold - 1} are shown as "c", and further figures are hidden where a total would give a hidden one away. No rate or percentage is shown for a hidden count. On the map, areas with fewer than ${MAP_THRESHOLD} are not shown. A true zero is shown as 0.`
		},
		{ title: 'Denominator', text: view.populationNote },
		...[...used].map((name) => ({ title: catalogueEntry(name)?.title ?? name, text: definitions.get(name)?.definition ?? '' })),
		{ title: riskMovement.title, text: riskMovement.definition }
	];

	return {
		format: 'cse-profile-report',
		version: REPORT_FORMAT_VERSION,
		partnership: data.partnershipName ?? 'Partnership',
		period,
		previousLabel: view.previousLabel,
		yearEarlierLabel: view.yearEarlierLabel,
		generatedAt: options.generatedAt,
		threshold,
		headlines: view.headlines,
		sections,
		methodNotes,
		sources: rowsOf('source-files')
	};
}

function bars(title: string, rows: PrintedRow[], labelKey: string, valueKey: string, percent: boolean): ReportBarChart {
	const shown = rows.map((r) => ({ label: r[labelKey] ?? '', value: printedNumber(r[valueKey]), text: r[valueKey] ?? '–' }));
	const most = Math.max(...shown.map((b) => b.value ?? -Infinity));
	const top = shown.filter((b) => b.value === most);
	const names = top.map((b) => b.label.toLowerCase());
	const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
	return {
		kind: 'bars',
		title,
		percent,
		bars: shown,
		summary: !top.length
			? 'Every figure here is too small to show.'
			: top.length === 1
				? `The largest group is ${list} (${top[0].text}).`
				: `The largest groups are ${list} (${top[0].text} each).`
	};
}

function monthlySummary(rows: PrintedRow[]): string {
	const shown = rows.map((r) => ({ label: r.label ?? r.month ?? '', n: printedNumber(r.children) })).filter((r) => r.n !== null);
	if (shown.length < 2) return 'Too few months can be shown to describe a trend.';
	const first = shown[0];
	const last = shown[shown.length - 1];
	const peak = shown.reduce((a, b) => (b.n! > a.n! ? b : a));
	const direction = last.n! > first.n! ? 'rose' : last.n! < first.n! ? 'fell' : 'was unchanged';
	return `The number ${direction} from ${first.n!.toLocaleString('en-GB')} in ${first.label} to ${last.n!.toLocaleString('en-GB')} in ${last.label}, with the highest month ${peak.label} (${peak.n!.toLocaleString('en-GB')}).`;
}

/** The latest year published, areas across and factors down: the board's reading of the DfE figures. */
function latestYear(rows: PrintedRow[]): string {
	return rows.map((r) => r.timePeriod ?? '').sort().at(-1) ?? '';
}

function comparisonTable(rows: PrintedRow[], partnership: string | null): ReportTable {
	const year = latestYear(rows);
	const latest = rows.filter((r) => r.timePeriod === year);
	const areas = [...new Map(latest.map((r) => [r.areaCode ?? '', r.areaName ?? ''])).entries()];
	const measures = [...new Set(latest.map((r) => r.measure ?? ''))];
	return {
		measure: 'published-comparison',
		title: `Factors identified at the end of assessment, year to 31 March ${year}`,
		// The partnership's own LA comes first; DfE may not name it (not in the file), so its name is ours.
		columns: [{ key: 'factor', label: 'Factor' }, ...areas.map(([code, name], i) => ({ key: code, label: name || (i === 0 && partnership ? partnership : code), numeric: true }))],
		rows: measures.map((m) => ({
			factor: m.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
			...Object.fromEntries(areas.map(([code]) => [code, latest.find((r) => r.measure === m && r.areaCode === code)?.value ?? '–']))
		}))
	};
}

function comparisonNote(rows: PrintedRow[]): string {
	return `Published by DfE (children in need, factors identified at the end of assessment), for the year to 31 March ${latestYear(rows)}. These count assessment episodes, not children, and are not directly comparable with the partnership's own figures above. "c" and "x" are DfE's own suppression; "not published" means the area is not in the file.`;
}

/** `ratePer10k` → "Rate per 10k": a readable fallback for column keys without a written label. */
export function humanise(key: string): string {
	const words = key.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

async function boardMap(engine: Engine, period: Period, scheme: PeriodScheme): Promise<ReportMap | null> {
	const available = await boundaryLevels(engine);
	const level = MAP_LEVEL_PREFERENCE.find((l) => available.includes(l));
	if (!level) return null;
	const result = await hotspotAreas(engine, { measure: 'concerns', period, level, scheme });
	if (!result.areas.length) return null;
	const disclosed = discloseMapAreas(result.areas, { board: true, threshold: MAP_THRESHOLD });
	const values = disclosed.map((d) => (d.status === 'shown' ? d.count : null));
	// A shown value is a true zero or at least the threshold, so classes wholly between the two
	// would always be empty: a class of its own for zero (when there is one), then the rest.
	const upper = (choroplethBreaks(values, { integer: true })?.upper ?? []).filter((u) => u >= MAP_THRESHOLD);
	const breaks = values.some((v) => v === 0) ? [0, ...upper] : upper;
	const shown = disclosed.filter((d) => d.status === 'shown').length;
	const levelLabel = LEVEL_LABELS[level];
	const top = result.areas
		.map((a, i) => ({ name: a.name ?? a.code, value: values[i] }))
		.filter((a) => a.value !== null)
		.sort((a, b) => b.value! - a.value!)[0];
	return {
		title: `Children identified at risk by home ${levelLabel}, ${period.label}`,
		summary:
			`${shown} of ${result.areas.length} ${levelLabel}s have ${MAP_THRESHOLD} or more children at risk and are shaded; the others are hatched.` +
			(top ? ` The most is in ${top.name} (${top.value!.toLocaleString('en-GB')}).` : ''),
		levelLabel,
		unit: 'children',
		threshold: MAP_THRESHOLD,
		breaks,
		areas: result.areas.map((a, i) => ({
			code: a.code,
			name: a.name ?? a.code,
			text: disclosed[i].text,
			value: values[i],
			status: disclosed[i].status,
			geometry: a.geometry
		})),
		attribution: 'Boundaries: as loaded on the Import page (the sample partnership’s are invented). Contains public sector information where real ONS boundaries are used.'
	};
}
