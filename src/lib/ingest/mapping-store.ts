/**
 * Saved mappings, one per agency export layout, kept in the workspace so the next file with the
 * same header is mapped automatically.
 */
import type { Engine } from '$lib/db/engine';
import type { Mapping } from './mapping';
import { normaliseHeaderCell } from './mapping';
import { importedAt } from './import-run';

/** The key a header is matched by: its cells normalised and sorted, so column order does not matter. */
export function headerKey(header: readonly string[]): string {
	return [...header].map(normaliseHeaderCell).sort().join('\u001f');
}

export async function saveMapping(engine: Engine, mapping: Mapping): Promise<void> {
	await engine.query(
		`INSERT OR REPLACE INTO mappings (name, agency, target, header_key, definition, saved_at) VALUES (?, ?, ?, ?, ?, ?::TIMESTAMP)`,
		[mapping.name, mapping.agency, mapping.target, headerKey(mapping.header), JSON.stringify(mapping), importedAt()]
	);
}

export async function listMappings(engine: Engine): Promise<Mapping[]> {
	const rows = await engine.query<{ definition: string }>(`SELECT definition FROM mappings ORDER BY agency, name`);
	return rows.map((r) => JSON.parse(r.definition) as Mapping);
}

/** The saved mapping made for exactly this header, if any (the most recently saved wins). */
export async function findMappingForHeader(engine: Engine, header: readonly string[]): Promise<Mapping | null> {
	const rows = await engine.query<{ definition: string }>(
		`SELECT definition FROM mappings WHERE header_key = ? ORDER BY saved_at DESC LIMIT 1`,
		[headerKey(header)]
	);
	return rows.length ? (JSON.parse(rows[0].definition) as Mapping) : null;
}

export async function deleteMapping(engine: Engine, name: string): Promise<void> {
	await engine.query(`DELETE FROM mappings WHERE name = ?`, [name]);
}
