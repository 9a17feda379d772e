/**
 * What a six-monthly prevalence report holds, as plain JSON: every figure already printed as a
 * board paper may show it (disclosure control applied), so the report can be frozen when it is
 * finalised and drawn again, years later, exactly as it was sent.
 */
import type { Period } from '$lib/measures/periods';
import type { HeadlineView } from '$lib/views/summary-view';
import type { PrintedRow } from '$lib/views/board-rows';
import type { AreaGeometry } from '$lib/geo/geometry';
import type { MapValueStatus } from '$lib/geo/breaks';

/** Bumped when the shape changes; the report page draws every version it has ever written. */
export const REPORT_FORMAT_VERSION = 1;

export const DEFAULT_MARKING = 'OFFICIAL-SENSITIVE';

export interface ReportColumn {
	key: string;
	label: string;
	numeric?: boolean;
}

export interface ReportTable {
	/** The catalogue measure the rows come from (its board output, unchanged). */
	measure: string;
	title: string;
	columns: ReportColumn[];
	rows: PrintedRow[];
}

/** Lines over months: values are the printed figures as numbers, null where withheld. */
export interface ReportSeriesChart {
	kind: 'series';
	title: string;
	summary: string;
	yLabel: string;
	points: { x: string; series: string; value: number | null }[];
}

/** Horizontal bars, one per category; a withheld value draws no bar. */
export interface ReportBarChart {
	kind: 'bars';
	title: string;
	summary: string;
	percent: boolean;
	bars: { label: string; value: number | null; text: string }[];
}

export type ReportChart = ReportSeriesChart | ReportBarChart;

export interface ReportMapArea {
	code: string;
	name: string;
	/** What the table and the label say ("12", "fewer than 10"). */
	text: string;
	/** The value drawn, null when withheld. */
	value: number | null;
	status: MapValueStatus;
	geometry: AreaGeometry;
}

export interface ReportMap {
	title: string;
	summary: string;
	levelLabel: string;
	unit: string;
	threshold: number;
	/** Upper bound of each class, ascending. */
	breaks: number[];
	areas: ReportMapArea[];
	attribution: string;
}

export const SECTION_IDS = [
	'headlines',
	'trend',
	'risk',
	'profile',
	'core-risks',
	'missing',
	'map',
	'comparison',
	'data-quality',
	'checklist',
	'method'
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface ReportSection {
	id: SectionId;
	title: string;
	/** Plain sentences generated from the figures. */
	sentences: string[];
	charts: ReportChart[];
	tables: ReportTable[];
	map?: ReportMap;
	/** Why the section has no figures, when it has none (e.g. no DfE file loaded). */
	empty?: string;
}

export interface MethodNote {
	title: string;
	text: string;
}

export interface ReportContent {
	format: 'cse-profile-report';
	version: number;
	partnership: string;
	period: Period;
	previousLabel: string;
	yearEarlierLabel: string;
	/** ISO timestamp. */
	generatedAt: string;
	threshold: number;
	headlines: HeadlineView[];
	sections: ReportSection[];
	methodNotes: MethodNote[];
	/** The files behind the figures: name, agency, kind, date imported, fingerprint, rows. */
	sources: PrintedRow[];
}

/** The five-point checklist (Barnardo's, for local authorities; DOMAIN.md). */
export const CHECKLIST_QUESTIONS = [
	'Are professionals trained to spot the signs?',
	'Is a system in place to monitor the numbers at risk?',
	'Is there a strategy to tackle CSE?',
	'Is there a lead person coordinating a multi-agency response?',
	'Can children access specialist support?'
] as const;

export const CHECKLIST_STATUSES = ['not-assessed', 'yes', 'partly', 'no'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
/** Words, so the status never rests on a colour. */
export const CHECKLIST_STATUS_LABELS: Record<ChecklistStatus, string> = {
	'not-assessed': 'Not assessed',
	yes: 'Yes',
	partly: 'Partly',
	no: 'No'
};

export interface ChecklistEntry {
	status: ChecklistStatus;
	note: string;
}

/** What the coordinator writes: kept per period, frozen with the figures on finalising. */
export interface ReportDraft {
	periodKey: string;
	marking: string;
	narrative: Partial<Record<SectionId, string>>;
	checklist: ChecklistEntry[];
}

export interface FinalReport {
	reportId: number;
	periodKey: string;
	periodLabel: string;
	/** ISO timestamp. */
	finalisedAt: string;
	content: ReportContent;
	draft: ReportDraft;
}

export const periodKey = (p: Pick<Period, 'start' | 'end'>) => `${p.start}/${p.end}`;

export function emptyDraft(period: Pick<Period, 'start' | 'end'>): ReportDraft {
	return {
		periodKey: periodKey(period),
		marking: DEFAULT_MARKING,
		narrative: {},
		checklist: CHECKLIST_QUESTIONS.map(() => ({ status: 'not-assessed', note: '' }))
	};
}
