import { log } from './log';

/**
 * Posts a Slack-compatible message (`{"text": ...}`) to MANGALAB_WEBHOOK_URL when it is set. A failed post is logged
 * and never throws: a notification never blocks the action it reports.
 */
export async function notifyWebhook(
  text: string,
  url: string | undefined = process.env.MANGALAB_WEBHOOK_URL,
  post: typeof fetch = fetch,
): Promise<void> {
  if (!url) return;
  try {
    const r = await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    if (!r.ok) log.warn(`webhook answered ${r.status}`);
  } catch (e) {
    log.warn(`webhook failed: ${(e as Error).message}`);
  }
}
