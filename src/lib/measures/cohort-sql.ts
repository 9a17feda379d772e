/**
 * The counting rule shared by the cohort measures, as SQL. Kept in one place so every measure
 * counts the same children.
 *
 * A concern record is *active* in a period when it is dated within the period, or it was
 * recorded earlier and the case was still open during the period (closed on or after the
 * period start, or recorded as open with no closure date). Records that carry no status (a
 * one-off health or voluntary-sector concern) count only in the period they are dated in.
 *
 * Parameters: $1 = period start, $2 = period end (ISO dates, inclusive).
 */
export const ACTIVE_CONCERNS = `
	active AS (
		SELECT *
		FROM concerns
		WHERE identified_on <= $2::DATE
		  AND (identified_on >= $1::DATE
		       OR closed_on >= $1::DATE
		       OR (closed_on IS NULL AND status = 'open'))
	)`;

/** One row per child in the cohort, with their latest risk level in the period and the flags they carry. */
export const COHORT = `
	${ACTIVE_CONCERNS},
	latest AS (
		SELECT child_id, risk_level
		FROM active
		QUALIFY row_number() OVER (
			PARTITION BY child_id
			ORDER BY identified_on DESC,
			         CASE risk_level WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2 WHEN 'none' THEN 1 ELSE 0 END DESC
		) = 1
	),
	first_seen AS (
		SELECT child_id, min(identified_on) AS first_on FROM concerns GROUP BY child_id
	),
	missing_in_period AS (
		SELECT DISTINCT child_id FROM missing_episodes
		WHERE started_at::DATE BETWEEN $1::DATE AND $2::DATE
	),
	cohort AS (
		SELECT a.child_id,
		       any_value(l.risk_level) AS risk_level,
		       any_value(f.first_on) >= $1::DATE AS is_new,
		       bool_or(a.looked_after) AS looked_after,
		       bool_or(a.flag_missing) OR bool_or(m.child_id IS NOT NULL) AS went_missing,
		       count(DISTINCT a.agency) AS agencies
		FROM active a
		JOIN latest l USING (child_id)
		JOIN first_seen f USING (child_id)
		LEFT JOIN missing_in_period m USING (child_id)
		GROUP BY a.child_id
	)`;
