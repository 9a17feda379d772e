/**
 * Decodes a CSV, builds its staging text and fingerprints the file off the main thread, so dropping
 * a large file never freezes the page. Answers one request at a time; its caller keeps it for the
 * next file (prepare-in-worker.ts).
 */
import { prepareCsv } from '$lib/ingest/stage';
import { ImportError } from '$lib/ingest/errors';
import { fingerprint } from '$lib/ingest/fingerprint';

self.onmessage = async (event: MessageEvent<{ name: string; bytes: Uint8Array }>) => {
	const { name, bytes } = event.data;
	try {
		// Hashed here, off the page's main thread (see PreparedCsv.fingerprint). Started first: the
		// browser hashes on its own thread while the staging text is built here.
		const hashing = fingerprint(bytes);
		hashing.catch(() => undefined); // awaited below, unless preparing throws first
		const prepared = prepareCsv(name, bytes);
		prepared.fingerprint = await hashing;
		// Handed over, not copied: the staging bytes can be as large as the file.
		self.postMessage({ ok: true, prepared }, { transfer: [prepared.staging.bytes.buffer] });
	} catch (err) {
		const error =
			err instanceof ImportError
				? { fileName: err.fileName, detail: err.detail, advice: err.advice }
				: { message: (err as Error).message ?? String(err) };
		self.postMessage({ ok: false, error });
	}
};
