import { defineMeasure } from './measure';

export interface StoredTable {
	table: string;
	rows: number;
}

/** What the workspace holds, table by table, in the order a reader thinks of it. */
const TABLES: readonly [string, string][] = [
	['concerns', 'Concern records (children at risk)'],
	['missing_episodes', 'Missing episodes'],
	['locations', 'Locations of concern'],
	['police_crimes', 'police.uk crimes'],
	['population', 'Population figures'],
	['published_stats', 'Published statistics (DfE)'],
	['areas', 'Areas'],
	['area_geometry', 'Area boundaries'],
	['imports', 'Imported files'],
	['rejected_rows', 'Rejected rows'],
	['mappings', 'Saved mappings'],
	['report_drafts', 'Report drafts (commentary and checklist)'],
	['reports', 'Finalised reports'],
	['preferences', 'Preferences (e.g. comparison neighbours)']
];

export const storeContents = defineMeasure<void, (StoredTable & { label: string })[]>({
	id: 'store-contents',
	title: 'What this workspace holds',
	definition: 'Rows in each table of the workspace.',
	async run(engine) {
		// Table names come from the fixed list above, never from data.
		const union = TABLES.map(([t]) => `SELECT '${t}' AS "table", count(*)::INTEGER AS rows FROM ${t}`).join(' UNION ALL ');
		const rows = await engine.query<StoredTable>(union);
		return TABLES.map(([t, label]) => ({ table: t, label, rows: rows.find((r) => r.table === t)?.rows ?? 0 }));
	}
});
