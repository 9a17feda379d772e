/**
 * Keeps the workspace in the browser's origin-private file system (OPFS), so imported data,
 * mappings and settings survive a reload and a browser restart. What is stored is a snapshot
 * (snapshot.ts): one Arrow file per table and a manifest, written into a fresh folder; a small
 * pointer file then names the folder. The pointer is written last, so a reload in the middle of
 * saving finds the previous complete snapshot, never half of a new one.
 */
import type { Engine } from '$lib/db/engine';
import { restoreSnapshot, takeSnapshot, type Snapshot, type SnapshotManifest } from '$lib/db/snapshot';

const ROOT = 'cse-profile';
const POINTER = 'current.json';

export interface SavedPointer {
	folder: string;
	savedAt: string;
	/** When the first data was saved in this browser. */
	since: string;
	/** True while the workspace holds only the sample partnership. */
	samples: boolean;
}

export function persistenceAvailable(): boolean {
	return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

async function root(): Promise<FileSystemDirectoryHandle> {
	const top = await navigator.storage.getDirectory();
	return top.getDirectoryHandle(ROOT, { create: true });
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, data: Uint8Array | string): Promise<void> {
	const handle = await dir.getFileHandle(name, { create: true });
	const writable = await handle.createWritable();
	await writable.write(typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>));
	await writable.close();
}

async function readBytes(dir: FileSystemDirectoryHandle, name: string): Promise<Uint8Array> {
	const file = await (await dir.getFileHandle(name)).getFile();
	return new Uint8Array(await file.arrayBuffer());
}

export async function readPointer(): Promise<SavedPointer | null> {
	if (!persistenceAvailable()) return null;
	try {
		const dir = await root();
		const file = await (await dir.getFileHandle(POINTER)).getFile();
		return JSON.parse(await file.text()) as SavedPointer;
	} catch {
		return null;
	}
}

/** Save the whole workspace. */
export async function saveWorkspace(engine: Engine, options: { samples: boolean }): Promise<SavedPointer> {
	const dir = await root();
	const previous = await readPointer();
	const { manifest, files } = await takeSnapshot(engine);
	const folder = `snapshot-${Date.now()}`;
	const target = await dir.getDirectoryHandle(folder, { create: true });
	for (const [name, bytes] of Object.entries(files)) await writeFile(target, name, bytes);
	await writeFile(target, 'manifest.json', JSON.stringify(manifest));
	const pointer: SavedPointer = {
		folder,
		savedAt: manifest.savedAt,
		since: previous?.since ?? manifest.savedAt,
		samples: options.samples
	};
	await writeFile(dir, POINTER, JSON.stringify(pointer));
	// Only now is the old snapshot unreferenced.
	for await (const name of dir.keys()) {
		if (name !== POINTER && name !== folder) await dir.removeEntry(name, { recursive: true });
	}
	return pointer;
}

/** Restore the saved workspace into a fresh engine; false when nothing is saved. */
export async function loadWorkspace(engine: Engine): Promise<SavedPointer | null> {
	const pointer = await readPointer();
	if (!pointer) return null;
	const dir = await (await root()).getDirectoryHandle(pointer.folder);
	const manifest = JSON.parse(new TextDecoder().decode(await readBytes(dir, 'manifest.json'))) as SnapshotManifest;
	const snapshot: Snapshot = { manifest, files: {} };
	for (const t of manifest.tables) snapshot.files[t.file] = await readBytes(dir, t.file);
	await restoreSnapshot(engine, snapshot);
	return pointer;
}

/** Remove everything CSE Profile stored in this browser. */
export async function deleteSavedWorkspace(): Promise<void> {
	if (!persistenceAvailable()) return;
	const top = await navigator.storage.getDirectory();
	await top.removeEntry(ROOT, { recursive: true }).catch(() => undefined);
}

/** Everything this origin keeps in OPFS, for the Data page and for tests proving deletion. */
export async function storedEntries(): Promise<string[]> {
	if (!persistenceAvailable()) return [];
	const out: string[] = [];
	const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
		for await (const [name, handle] of dir.entries()) {
			out.push(prefix + name);
			if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
		}
	};
	await walk(await navigator.storage.getDirectory(), '');
	return out;
}
