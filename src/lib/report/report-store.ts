/**
 * Where reports live in the workspace: the coordinator's draft for each period (narrative,
 * checklist, protective marking) and the finalised reports, each frozen whole as JSON.
 */
import type { Engine } from '$lib/db/engine';
import { CHECKLIST_QUESTIONS, CHECKLIST_STATUSES, emptyDraft, type FinalReport, type ReportContent, type ReportDraft } from './content';
import type { Period } from '$lib/measures/periods';
import { periodKey } from './content';

/** A narrative box holds a few paragraphs; far more than that is a paste gone wrong. */
export const MAX_NARRATIVE_CHARS = 20_000;
/** Protective markings are short labels ("OFFICIAL-SENSITIVE"). */
export const MAX_MARKING_CHARS = 60;

/** Keep a draft to the shape the report expects, whatever was stored (an older app, a hand-edited file). */
export function cleanDraft(raw: unknown, period: Pick<Period, 'start' | 'end'>): ReportDraft {
	const base = emptyDraft(period);
	if (!raw || typeof raw !== 'object') return base;
	const r = raw as Partial<ReportDraft>;
	const marking = typeof r.marking === 'string' && r.marking.trim() ? r.marking.trim().slice(0, MAX_MARKING_CHARS) : base.marking;
	const narrative: ReportDraft['narrative'] = {};
	for (const [k, v] of Object.entries(r.narrative ?? {})) if (typeof v === 'string') narrative[k as keyof ReportDraft['narrative']] = v.slice(0, MAX_NARRATIVE_CHARS);
	const checklist = CHECKLIST_QUESTIONS.map((_, i) => {
		const e = Array.isArray(r.checklist) ? r.checklist[i] : undefined;
		const status = e && (CHECKLIST_STATUSES as readonly string[]).includes(e.status) ? e.status : 'not-assessed';
		return { status, note: typeof e?.note === 'string' ? e.note.slice(0, MAX_NARRATIVE_CHARS) : '' };
	});
	return { periodKey: base.periodKey, marking, narrative, checklist };
}

export async function loadDraft(engine: Engine, period: Pick<Period, 'start' | 'end'>): Promise<ReportDraft> {
	const rows = await engine.query<{ draft: string }>(`SELECT draft FROM report_drafts WHERE period_key = ?`, [periodKey(period)]);
	return cleanDraft(rows[0] ? JSON.parse(rows[0].draft) : null, period);
}

export async function saveDraft(engine: Engine, draft: ReportDraft, now: Date = new Date()): Promise<void> {
	await engine.query(`INSERT OR REPLACE INTO report_drafts VALUES (?, ?, ?::TIMESTAMP)`, [
		draft.periodKey,
		JSON.stringify(draft),
		now.toISOString().slice(0, 19)
	]);
}

/** Freeze the report: its figures, the draft as it stands, and the list of source files. */
export async function finaliseReport(engine: Engine, content: ReportContent, draft: ReportDraft, now: Date = new Date()): Promise<FinalReport> {
	const [{ id }] = await engine.query<{ id: number }>(`SELECT (coalesce(max(report_id), 0) + 1)::INTEGER AS id FROM reports`);
	const report: FinalReport = {
		reportId: id,
		periodKey: periodKey(content.period),
		periodLabel: content.period.label,
		finalisedAt: now.toISOString().slice(0, 19),
		// A deep copy: the frozen report shares nothing with the page's live objects.
		content: JSON.parse(JSON.stringify(content)) as ReportContent,
		draft: JSON.parse(JSON.stringify(draft)) as ReportDraft
	};
	await engine.query(`INSERT INTO reports VALUES (?, ?, ?, ?::TIMESTAMP, ?)`, [
		report.reportId,
		report.periodKey,
		report.periodLabel,
		report.finalisedAt,
		JSON.stringify(report)
	]);
	return report;
}

export interface FinalReportListing {
	reportId: number;
	periodLabel: string;
	finalisedAt: string;
}

export function listFinalReports(engine: Engine): Promise<FinalReportListing[]> {
	return engine.query<FinalReportListing>(
		`SELECT report_id AS "reportId", period_label AS "periodLabel", strftime(finalised_at, '%Y-%m-%dT%H:%M:%S') AS "finalisedAt"
		 FROM reports ORDER BY finalised_at DESC, report_id DESC`
	);
}

export async function openFinalReport(engine: Engine, reportId: number): Promise<FinalReport | null> {
	const rows = await engine.query<{ report: string }>(`SELECT report FROM reports WHERE report_id = ?`, [reportId]);
	return rows[0] ? (JSON.parse(rows[0].report) as FinalReport) : null;
}
