/** Run prepareCsv in a Web Worker (served from the app's own origin) and wait for the result. */
import PrepareWorker from './prepare.worker.ts?worker';
import { ImportError } from '$lib/ingest/errors';
import { copyInSlices } from '$lib/db/copy-in-slices';
import type { PreparedCsv } from '$lib/ingest/stage';

type Reply =
	| { ok: true; prepared: PreparedCsv }
	| { ok: false; error: { fileName: string; detail: string; advice: string } | { message: string } };

export async function prepareInWorker(name: string, bytes: Uint8Array, signal?: AbortSignal): Promise<PreparedCsv> {
	// A copy goes to the worker (and is handed over, not cloned again); the page keeps its own.
	// Made in slices: one copy of a 100 MB file would block the page for a noticeable moment.
	const copy = await copyInSlices(bytes);
	if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
	return new Promise((resolve, reject) => {
		const worker = new PrepareWorker();
		const stop = () => {
			worker.terminate();
			reject(new DOMException('Cancelled', 'AbortError'));
		};
		signal?.addEventListener('abort', stop, { once: true });
		worker.onmessage = (event: MessageEvent<Reply>) => {
			signal?.removeEventListener('abort', stop);
			worker.terminate();
			const reply = event.data;
			if (reply.ok) resolve(reply.prepared);
			else if ('detail' in reply.error) reject(new ImportError(reply.error.fileName, reply.error.detail, reply.error.advice));
			else reject(new Error(reply.error.message));
		};
		worker.onerror = (event) => {
			signal?.removeEventListener('abort', stop);
			worker.terminate();
			reject(new Error(`The file could not be read: ${event.message}`));
		};
		worker.postMessage({ name, bytes: copy }, [copy.buffer]);
	});
}
