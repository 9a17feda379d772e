/**
 * Data quality (DESIGN.md "Measures" 11): how complete each agency's records are, what each file
 * lost to rejection and why, and months in which an agency sent nothing.
 */
import type { SqlParam } from '$lib/db/engine';
import { defineMeasure } from './measure';
import type { Filters } from './filters';
import type { Period } from './periods';

/** The main fields of a concern record whose completeness is reported, in order. */
export const COMPLETENESS_FIELDS = [
	'identified_on',
	'risk_level',
	'sex',
	'birth_month_or_age',
	'ethnic_group',
	'home_area',
	'looked_after',
	'exploitation_type'
] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

export const COMPLETENESS_FIELD_LABELS: Record<CompletenessField, string> = {
	identified_on: 'Date identified',
	risk_level: 'Risk level',
	sex: 'Sex',
	birth_month_or_age: 'Month of birth or age',
	ethnic_group: 'Ethnic group',
	home_area: 'Home area',
	looked_after: 'Looked after',
	exploitation_type: 'Exploitation type'
};

/** SQL, per field, that is TRUE when the field is filled on a concern record. Identifiers only. */
const FILLED_SQL: Record<CompletenessField, string> = {
	identified_on: 'identified_on IS NOT NULL',
	risk_level: 'risk_level IS NOT NULL',
	// "unknown" is what a mapping writes when the agency recorded nothing usable: not filled.
	sex: "sex IS NOT NULL AND sex <> 'unknown'",
	birth_month_or_age: 'birth_month IS NOT NULL OR age_years IS NOT NULL',
	ethnic_group: "ethnic_group IS NOT NULL AND ethnic_group <> 'unknown'",
	home_area: "nullif(trim(home_area), '') IS NOT NULL",
	looked_after: 'looked_after IS NOT NULL',
	exploitation_type: 'exploitation_type IS NOT NULL'
};

export interface FieldCompletenessRow {
	agency: string;
	field: CompletenessField;
	/** The agency's concern records dated in the period. */
	records: number;
	/** Of those, records with the field filled. */
	filled: number;
}

type Params = Period & { filters?: Filters };

/** Agencies to report on: every agency with a concern record at all, narrowed by the agency filter. */
function agenciesSql(filters: Filters | undefined, params: SqlParam[]): string {
	if (!filters?.agency?.length) return `SELECT DISTINCT agency FROM concerns`;
	const list = filters.agency.map((a) => {
		params.push(a);
		return `$${params.length}`;
	});
	return `SELECT DISTINCT agency FROM concerns WHERE agency IN (${list.join(', ')})`;
}

export const fieldCompleteness = defineMeasure<Params, FieldCompletenessRow[]>({
	id: 'field-completeness',
	title: 'Completeness of each field, by agency',
	definition:
		"For each agency and each main field, the share of the agency's concern records dated in the period (by date identified) that have the field filled. " +
		'"Unknown" sex or ethnic group counts as not filled; month of birth or an age counts for age; "not looked after" is a filled answer. ' +
		'Every agency that has sent any concern record is listed, with 0 records where it sent none in the period. Only the agency filter applies.',
	async run(engine, period) {
		const params: SqlParam[] = [period.start, period.end];
		const agencies = agenciesSql(period.filters, params);
		const rows = await engine.query<{ agency: string; records: number } & Record<CompletenessField, number>>(
			`WITH agencies AS (${agencies}),
			dated AS (SELECT * FROM concerns WHERE identified_on BETWEEN $1::DATE AND $2::DATE)
			SELECT a.agency, count(d.agency)::INTEGER AS records,
			       ${COMPLETENESS_FIELDS.map((f) => `count(d.agency) FILTER (WHERE ${FILLED_SQL[f]})::INTEGER AS ${f}`).join(',\n\t\t\t       ')}
			FROM agencies a LEFT JOIN dated d ON d.agency = a.agency
			GROUP BY a.agency ORDER BY a.agency`,
			params
		);
		return rows.flatMap((r) => COMPLETENESS_FIELDS.map((field) => ({ agency: r.agency, field, records: r.records, filled: r[field] })));
	}
});

export interface RejectedReason {
	/** The rule code, e.g. `REQ01` (a required field is empty). */
	code: string;
	/** Rejected rows with at least one reason of this code. */
	rows: number;
}

export interface RejectedFileRow {
	importId: number;
	fileName: string;
	agency: string | null;
	kind: string;
	read: number;
	loaded: number;
	rejected: number;
	/** The most frequent reason codes, most rows first (ties by code), at most `top`. */
	reasons: RejectedReason[];
}

export const rejectedByFile = defineMeasure<{ top?: number } | void, RejectedFileRow[]>({
	id: 'rejected-by-file',
	title: 'Rows rejected, by file',
	definition:
		'For every imported file: rows read, loaded and rejected (read = loaded + rejected), and the most frequent reasons for rejection by rule code, each counted once per rejected row that has it. ' +
		'Files are listed in the order they were imported.',
	async run(engine, options) {
		const top = (options && options.top) || 5;
		const rows = await engine.query<Omit<RejectedFileRow, 'reasons'> & { reasons: RejectedReason[] | null }>(
			`WITH codes AS (
				SELECT DISTINCT import_id, line, split_part(reason, ':', 1) AS code
				FROM (SELECT import_id, line, unnest(reasons) AS reason FROM rejected_rows)
			),
			counted AS (
				SELECT import_id, code, count(*)::INTEGER AS n,
				       row_number() OVER (PARTITION BY import_id ORDER BY count(*) DESC, code) AS rank
				FROM codes GROUP BY import_id, code
			)
			SELECT i.import_id AS "importId", i.file_name AS "fileName", i.agency, i.kind,
			       i.rows_read AS read, i.rows_loaded AS loaded, i.rows_rejected AS rejected,
			       (SELECT list({'code': c.code, 'rows': c.n} ORDER BY c.rank) FROM counted c
			        WHERE c.import_id = i.import_id AND c.rank <= $1) AS reasons
			FROM imports i ORDER BY i.import_id`,
			[top]
		);
		return rows.map((r) => ({ ...r, reasons: r.reasons ?? [] }));
	}
});

export interface AgencyMonthRow {
	agency: string;
	/** First day of the month, ISO. */
	month: string;
	/** The agency's concern records dated in the month. */
	records: number;
}

export const agencyGaps = defineMeasure<Params, AgencyMonthRow[]>({
	id: 'agency-gaps',
	title: 'Records by agency and month',
	definition:
		'For each agency that has sent any concern record, and each month of the period, the number of its concern records dated in that month (by date identified), so a month with none shows as 0: a late or missing return. ' +
		'Only the agency filter applies.',
	async run(engine, period) {
		const params: SqlParam[] = [period.start, period.end];
		const agencies = agenciesSql(period.filters, params);
		return engine.query<AgencyMonthRow>(
			`WITH agencies AS (${agencies}),
			months AS (
				SELECT m::DATE AS month FROM generate_series(date_trunc('month', $1::DATE), date_trunc('month', $2::DATE), INTERVAL 1 MONTH) t(m)
			),
			counts AS (
				SELECT agency, date_trunc('month', identified_on)::DATE AS month, count(*) AS n
				FROM concerns WHERE identified_on BETWEEN $1::DATE AND $2::DATE
				GROUP BY ALL
			)
			SELECT a.agency, strftime(m.month, '%Y-%m-%d') AS month, coalesce(c.n, 0)::INTEGER AS records
			FROM agencies a CROSS JOIN months m
			LEFT JOIN counts c ON c.agency = a.agency AND c.month = m.month
			ORDER BY a.agency, m.month`,
			params
		);
	}
});
