/**
 * Missing episodes and return-home interviews (DESIGN.md "Measures" 6 and 7).
 *
 * Which episodes count: those that *start* in the period (their start date, inclusive at both
 * ends). By default (`scope: 'cohort'`) only episodes of children in the period's cohort under the
 * current filters count, so the figures describe the children at risk of exploitation; with
 * `scope: 'all'` every episode loaded that starts in the period counts, whoever the child, and the
 * filters (which choose concern records and children of the cohort) do not apply.
 */
import type { SqlParam } from '$lib/db/engine';
import { defineMeasure } from './measure';
import { cohortSql } from './cohort-sql';
import type { Filters } from './filters';
import type { Period } from './periods';

export type MissingScope = 'cohort' | 'all';

export type MissingParams = Period & { filters?: Filters; scope?: MissingScope };

export interface MissingEpisodes {
	scope: MissingScope;
	/** Episodes starting in the period. */
	episodes: number;
	/** Children with at least one such episode. */
	children: number;
	/** Children with three or more such episodes. */
	repeatChildren: number;
	/** Episodes with an end time (the median is taken over these). */
	endedEpisodes: number;
	/** Episodes with no end time recorded: still open, or the return not recorded. */
	openEpisodes: number;
	/** Ended episodes whose end is before their start: a recording error, left out of the median. */
	endBeforeStart: number;
	/** Median duration in hours of the ended episodes; null when none ended. */
	medianHours: number | null;
	/** Episodes by SSDA903 category, every category present. */
	byType: { type: 'missing' | 'away' | 'not_recorded'; label: string; episodes: number }[];
	/** Episodes by where the child went missing from, every category present. */
	bySetting: { setting: 'home' | 'care' | 'not_recorded'; label: string; episodes: number }[];
}

export interface ReturnHomeInterviews {
	scope: MissingScope;
	/** Episodes starting in the period. */
	episodes: number;
	/** Of those, episodes that have ended (an interview is due only after the return). */
	endedEpisodes: number;
	/** Episodes where an interview was offered. */
	offered: number;
	/** Episodes where the child accepted an interview. */
	accepted: number;
	/** Episodes with an interview date recorded. */
	held: number;
	/** Episodes whose interview was held on the day the episode ended or within the next 3 days. */
	heldWithin72Hours: number;
}

const SCOPE_RULE =
	'Counts missing episodes that start in the period (by start date). Scope "cohort" (the default): only episodes of children in the period\'s cohort under the current filters. ' +
	'Scope "all": every episode loaded, whoever the child, with no filters.';

/** SQL defining `episodes` (the episodes that count) and its parameters. */
function episodesSql(params: MissingParams): { sql: string; params: SqlParam[] } {
	if ((params.scope ?? 'cohort') === 'all') {
		return {
			sql: `episodes AS (
				SELECT * FROM missing_episodes
				WHERE started_at::DATE BETWEEN $1::DATE AND $2::DATE
			)`,
			params: [params.start, params.end]
		};
	}
	const cohort = cohortSql(params, params.filters);
	return {
		sql: `${cohort.sql},
			episodes AS (
				SELECT * FROM missing_episodes
				WHERE started_at::DATE BETWEEN $1::DATE AND $2::DATE
				  AND child_id IN (SELECT child_id FROM cohort)
			)`,
		params: cohort.params
	};
}

export const missingEpisodes = defineMeasure<MissingParams, MissingEpisodes>({
	id: 'missing-episodes',
	title: 'Missing episodes',
	definition:
		`${SCOPE_RULE} Children are counted once however many episodes they had; repeat missing means 3 or more episodes starting in the period. ` +
		'Median duration is the middle duration in hours (the average of the two middle ones for an even number) over the episodes with an end time; episodes with no end time are counted as open and left out. ' +
		'Missing vs away is the looked-after return\'s M/A category; "from home" or "from care" is where the child went missing from.',
	async run(engine, params) {
		const scope = params.scope ?? 'cohort';
		const { sql, params: values } = episodesSql(params);
		const [row] = await engine.query<
			Omit<MissingEpisodes, 'scope' | 'byType' | 'bySetting'> &
				Record<'type_missing' | 'type_away' | 'type_not_recorded' | 'setting_home' | 'setting_care' | 'setting_not_recorded', number>
		>(
			`WITH ${sql},
			per_child AS (SELECT child_id, count(*) AS n FROM episodes GROUP BY child_id),
			durations AS (
				SELECT epoch(ended_at - started_at) / 3600.0 AS hours FROM episodes WHERE ended_at IS NOT NULL
			)
			SELECT (SELECT count(*) FROM episodes)::INTEGER AS episodes,
			       (SELECT count(*) FROM per_child)::INTEGER AS children,
			       (SELECT count(*) FILTER (WHERE n >= 3) FROM per_child)::INTEGER AS "repeatChildren",
			       (SELECT count(*) FROM durations)::INTEGER AS "endedEpisodes",
			       (SELECT count(*) FILTER (WHERE ended_at IS NULL) FROM episodes)::INTEGER AS "openEpisodes",
			       (SELECT count(*) FILTER (WHERE hours < 0) FROM durations)::INTEGER AS "endBeforeStart",
			       (SELECT median(hours) FILTER (WHERE hours >= 0) FROM durations)::DOUBLE AS "medianHours",
			       (SELECT count(*) FILTER (WHERE missing_or_away = 'missing') FROM episodes)::INTEGER AS type_missing,
			       (SELECT count(*) FILTER (WHERE missing_or_away = 'away') FROM episodes)::INTEGER AS type_away,
			       (SELECT count(*) FILTER (WHERE missing_or_away IS NULL) FROM episodes)::INTEGER AS type_not_recorded,
			       (SELECT count(*) FILTER (WHERE setting = 'home') FROM episodes)::INTEGER AS setting_home,
			       (SELECT count(*) FILTER (WHERE setting = 'care') FROM episodes)::INTEGER AS setting_care,
			       (SELECT count(*) FILTER (WHERE setting IS NULL) FROM episodes)::INTEGER AS setting_not_recorded`,
			values
		);
		return {
			scope,
			episodes: row.episodes,
			children: row.children,
			repeatChildren: row.repeatChildren,
			endedEpisodes: row.endedEpisodes,
			openEpisodes: row.openEpisodes,
			endBeforeStart: row.endBeforeStart,
			medianHours: row.medianHours,
			byType: [
				{ type: 'missing', label: 'Missing (M)', episodes: row.type_missing },
				{ type: 'away', label: 'Away without authorisation (A)', episodes: row.type_away },
				{ type: 'not_recorded', label: 'Not recorded', episodes: row.type_not_recorded }
			],
			bySetting: [
				{ setting: 'home', label: 'From home', episodes: row.setting_home },
				{ setting: 'care', label: 'From care', episodes: row.setting_care },
				{ setting: 'not_recorded', label: 'Not recorded', episodes: row.setting_not_recorded }
			]
		};
	}
});

export const returnHomeInterviews = defineMeasure<MissingParams, ReturnHomeInterviews>({
	id: 'return-home-interviews',
	title: 'Return-home interviews',
	definition:
		`${SCOPE_RULE} For those episodes: how many had a return-home interview offered, accepted, held (an interview date recorded) and held within 72 hours. ` +
		'Interview dates carry no time, so "within 72 hours" means held on the day the episode ended or on one of the next 3 days (interview date from the end date to the end date + 3 days); ' +
		'an episode with no end time cannot be within 72 hours.',
	async run(engine, params) {
		const scope = params.scope ?? 'cohort';
		const { sql, params: values } = episodesSql(params);
		const [row] = await engine.query<Omit<ReturnHomeInterviews, 'scope'>>(
			`WITH ${sql}
			SELECT count(*)::INTEGER AS episodes,
			       count(*) FILTER (WHERE ended_at IS NOT NULL)::INTEGER AS "endedEpisodes",
			       count(*) FILTER (WHERE rhi_offered)::INTEGER AS offered,
			       count(*) FILTER (WHERE rhi_accepted)::INTEGER AS accepted,
			       count(*) FILTER (WHERE rhi_on IS NOT NULL)::INTEGER AS held,
			       count(*) FILTER (WHERE rhi_on BETWEEN ended_at::DATE AND ended_at::DATE + 3)::INTEGER AS "heldWithin72Hours"
			FROM episodes`,
			values
		);
		return { scope, ...row };
	}
});
