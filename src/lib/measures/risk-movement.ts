/**
 * Movement between risk levels: how each child's latest risk level in the period compares with
 * their latest level in the period before (DESIGN.md measure 2, "movement between levels").
 */
import { defineMeasure } from './measure';
import { cohortSql } from './cohort-sql';
import type { Filters } from './filters';
import type { Period } from './periods';
import { RISK_LEVELS } from '$lib/db/schema';

export const RISK_MOVEMENTS = ['escalated', 'same', 'reduced', 'new', 'not_comparable', 'left'] as const;
export type RiskMovement = (typeof RISK_MOVEMENTS)[number];

export const RISK_MOVEMENT_LABELS: Record<RiskMovement, string> = {
	escalated: 'Risk level went up',
	same: 'Risk level stayed the same',
	reduced: 'Risk level went down',
	new: 'New this period (not in the cohort before)',
	not_comparable: 'Level not recorded in one of the periods',
	left: 'In the cohort before, not this period'
};

export interface RiskMovementRow {
	movement: RiskMovement;
	children: number;
}

/** none < low < medium < high, as a number to compare. */
const RANK_SQL = `list_position(['${RISK_LEVELS.join("', '")}'], risk_level)`;

export const riskMovement = defineMeasure<{ current: Period; previous: Period; filters?: Filters }, RiskMovementRow[]>({
	id: 'risk-movement',
	title: 'Movement between risk levels',
	definition:
		"Each child in either period's cohort counted once: their latest risk level in the period against their latest level in the period before. Children in only one of the two cohorts are counted as new or as having left.",
	async run(engine, { current, previous, filters }) {
		// Two cohorts, each with its own numbered parameters, so each is its own query.
		const levels = async (period: Period) => {
			const { sql, params } = cohortSql(period, filters);
			return engine.query<{ child_id: string; rank: number | null }>(
				`WITH ${sql} SELECT child_id, ${RANK_SQL} AS rank FROM cohort`,
				params
			);
		};
		const before = new Map((await levels(previous)).map((r) => [r.child_id, r.rank]));
		const counts = new Map<RiskMovement, number>(RISK_MOVEMENTS.map((m) => [m, 0]));
		const add = (m: RiskMovement) => counts.set(m, counts.get(m)! + 1);
		for (const { child_id, rank } of await levels(current)) {
			if (!before.has(child_id)) add('new');
			else {
				const was = before.get(child_id)!;
				before.delete(child_id);
				if (rank === null || was === null) add('not_comparable');
				else add(rank > was ? 'escalated' : rank < was ? 'reduced' : 'same');
			}
		}
		for (let i = 0; i < before.size; i++) add('left');
		return RISK_MOVEMENTS.map((movement) => ({ movement, children: counts.get(movement)! }));
	}
});
