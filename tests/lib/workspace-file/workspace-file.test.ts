import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { exportWorkspace, importWorkspace, needsPassphrase } from '$lib/workspace-file/workspace-file';
import { crc32, readZip, writeZip } from '$lib/workspace-file/zip';
import { decrypt, encrypt } from '$lib/workspace-file/encryption';
import { SCHEMA_VERSION } from '$lib/db/schema';

const SAMPLES = path.resolve('data-samples/northbrook');

async function counts(engine: Engine) {
	return engine.query(`SELECT (SELECT count(*) FROM concerns)::INTEGER AS concerns, (SELECT count(*) FROM imports)::INTEGER AS imports`);
}

describe('zip', () => {
	it('computes the standard CRC-32', () => {
		// The check value of CRC-32/ISO-HDLC for "123456789".
		expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
	});

	it('round-trips files and detects truncation and damage', () => {
		const files = { 'a.txt': new TextEncoder().encode('hello'), 'b.bin': new Uint8Array([0, 1, 2, 255]) };
		const zip = writeZip(files);
		expect(readZip(zip)).toEqual(files);
		expect(() => readZip(zip.slice(0, zip.length - 5))).toThrow(/incomplete|truncated|damaged/);
		const damaged = zip.slice();
		damaged[31 + 'a.txt'.length] ^= 0xff; // a byte of the first entry's data
		expect(() => readZip(damaged)).toThrow(/checksum/);
	});
});

describe('encryption', () => {
	it('decrypts with the right passphrase only, and detects tampering', async () => {
		const plain = new TextEncoder().encode('workspace');
		const sealed = await encrypt(plain, 'correct horse', 1000);
		expect(await decrypt(sealed, 'correct horse')).toEqual(plain);
		await expect(decrypt(sealed, 'wrong')).rejects.toThrow(/passphrase is wrong/);
		const tampered = sealed.slice();
		tampered[tampered.length - 1] ^= 1;
		await expect(decrypt(tampered, 'correct horse')).rejects.toThrow(/changed or damaged/);
	});
});

describe('workspace file', () => {
	it('exports and restores a workspace exactly, encrypted or not, and refuses bad files without changing anything', { timeout: 120_000 }, async () => {
		const source = await createNodeEngine();
		await loadSamples(source, async (name) => new Uint8Array(await readFile(path.join(SAMPLES, name))));
		const plain = await exportWorkspace(source);
		const sealed = await exportWorkspace(source, 'partnership passphrase');
		expect(needsPassphrase(plain)).toBe(false);
		expect(needsPassphrase(sealed)).toBe(true);

		const a = await createNodeEngine();
		await importWorkspace(a, plain);
		expect(await counts(a)).toEqual(await counts(source));
		const b = await createNodeEngine();
		await importWorkspace(b, sealed, 'partnership passphrase');
		expect(await counts(b)).toEqual(await counts(source));

		const target = await createNodeEngine();
		await expect(importWorkspace(target, sealed, 'guess')).rejects.toThrow(/passphrase is wrong/);
		await expect(importWorkspace(target, sealed)).rejects.toThrow(/encrypted/);
		await expect(importWorkspace(target, plain.slice(0, plain.length - 100))).rejects.toThrow(/incomplete|truncated|damaged/);
		// A workspace from a newer version of the app.
		const files = readZip(plain);
		const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
		files['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...manifest, schemaVersion: SCHEMA_VERSION + 1 }));
		await expect(importWorkspace(target, writeZip(files))).rejects.toThrow(/newer version/);
		expect(await counts(target)).toEqual([{ concerns: 0, imports: 0 }]);
		for (const e of [source, a, b, target]) await e.close();
	});
});
