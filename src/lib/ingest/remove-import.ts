/**
 * Removing an import takes out every row it brought, so a file can be re-run after its mapping
 * is fixed, or replaced by a newer export, without counting anything twice.
 */
import type { Engine } from '$lib/db/engine';
import { inTransaction } from './import-run';

/** Every table whose rows carry the import that brought them. */
const TABLES_WITH_IMPORT_ID = [
	'concerns', 'missing_episodes', 'locations', 'police_crimes', 'population', 'published_stats',
	'areas', 'area_geometry', 'rejected_rows'
] as const;

export async function removeImport(engine: Engine, importId: number): Promise<void> {
	await inTransaction(engine, async () => {
		for (const table of TABLES_WITH_IMPORT_ID) {
			await engine.query(`DELETE FROM ${table} WHERE import_id = ?`, [importId]);
		}
		await engine.query(`DELETE FROM imports WHERE import_id = ?`, [importId]);
	});
}
