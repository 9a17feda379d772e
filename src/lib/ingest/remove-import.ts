/**
 * Removing an import takes out every row it brought, so a file can be re-run after its mapping
 * is fixed, or replaced by a newer export, without counting anything twice.
 */
import type { Engine } from '$lib/db/engine';
import { inTransaction } from './import-run';
import { deleteImportRows } from './import-rows';

export async function removeImport(engine: Engine, importId: number): Promise<void> {
	await inTransaction(engine, () => deleteImportRows(engine, importId));
}
