/**
 * Decodes a CSV and builds its staging text off the main thread, so dropping a large file never
 * freezes the page. Answers one request at a time; its caller keeps it for the next file
 * (prepare-in-worker.ts). The file's fingerprint is made beside it, in fingerprint.worker.ts.
 */
import { prepareCsv } from '$lib/ingest/stage';
import { ImportError } from '$lib/ingest/errors';

self.onmessage = (event: MessageEvent<{ name: string; bytes: Uint8Array }>) => {
	const { name, bytes } = event.data;
	try {
		const prepared = prepareCsv(name, bytes);
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
