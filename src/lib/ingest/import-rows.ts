/**
 * Every row an import brought, in every table that keeps them, so the import can be taken out
 * whole: removed by the user, re-run after its mapping is fixed, or replaced in one transaction.
 */
import type { Engine } from '$lib/db/engine';

/** Every table whose rows carry the import that brought them. */
export const TABLES_WITH_IMPORT_ID = [
	'concerns', 'missing_episodes', 'locations', 'police_crimes', 'population', 'published_stats',
	'areas', 'area_geometry', 'rejected_rows'
] as const;

/**
 * Delete the import and its rows. Runs inside the caller's transaction. The id is cast because a
 * JavaScript number binds as a DOUBLE, and comparing with it would cast every row's import_id.
 */
export async function deleteImportRows(engine: Engine, importId: number): Promise<void> {
	for (const table of TABLES_WITH_IMPORT_ID) {
		await engine.query(`DELETE FROM ${table} WHERE import_id = ?::INTEGER`, [importId]);
	}
	await engine.query(`DELETE FROM imports WHERE import_id = ?::INTEGER`, [importId]);
}
