/**
 * Fingerprints a file (SHA-256 of its bytes, fingerprint.ts) off the main thread, beside the
 * prepare worker: in Chromium the digest runs on the calling thread (17 ms per 10 MB), so in the
 * prepare worker it held up the staging text; here it runs on the other core meanwhile.
 */
import { fingerprint } from '$lib/ingest/fingerprint';

self.onmessage = async (event: MessageEvent<{ bytes: Uint8Array }>) => {
	try {
		self.postMessage({ ok: true, print: await fingerprint(event.data.bytes) });
	} catch (err) {
		self.postMessage({ ok: false, message: (err as Error).message ?? String(err) });
	}
};
