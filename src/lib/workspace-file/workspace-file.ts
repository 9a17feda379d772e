/**
 * One file holding a whole workspace: a ZIP of the snapshot (manifest.json and one Arrow file
 * per table), optionally encrypted with a passphrase. Reading it never touches the current
 * workspace: the caller restores into a fresh engine and swaps only when that has worked.
 */
import type { Engine } from '$lib/db/engine';
import { restoreSnapshot, takeSnapshot, type SnapshotManifest } from '$lib/db/snapshot';
import { readZip, writeZip, ZipError } from './zip';
import { decrypt, encrypt, isEncrypted } from './encryption';

export const MANIFEST_FILE = 'manifest.json';

export async function exportWorkspace(engine: Engine, passphrase?: string): Promise<Uint8Array> {
	const { manifest, files } = await takeSnapshot(engine);
	const zip = writeZip({ [MANIFEST_FILE]: new TextEncoder().encode(JSON.stringify(manifest, null, 2)), ...files });
	return passphrase ? encrypt(zip, passphrase) : zip;
}

export function needsPassphrase(bytes: Uint8Array): boolean {
	return isEncrypted(bytes);
}

/** Restore a workspace file into `engine` (which must be fresh). Throws with a message for the user. */
export async function importWorkspace(engine: Engine, bytes: Uint8Array, passphrase?: string): Promise<SnapshotManifest> {
	let plain = bytes;
	if (isEncrypted(bytes)) {
		if (!passphrase) throw new Error('This workspace is encrypted: enter its passphrase.');
		plain = await decrypt(bytes, passphrase);
	}
	let files: Record<string, Uint8Array>;
	try {
		files = readZip(plain);
	} catch (err) {
		if (err instanceof ZipError) throw new Error(err.message);
		throw err;
	}
	const manifestBytes = files[MANIFEST_FILE];
	if (!manifestBytes) throw new Error('This is not a CSE Profile workspace (it has no manifest).');
	const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as SnapshotManifest;
	await restoreSnapshot(engine, { manifest, files });
	return manifest;
}
