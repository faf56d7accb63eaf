/**
 * A URL read from a run record (events.jsonl, written by whatever ran in the container) is
 * opened in the browser only when it is what the template writes: an https page on the
 * Hugging Face Hub, without credentials in it. Anything else is refused with a reason.
 */

export const HUB_HOST = 'huggingface.co';

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Whether `value` may be opened as a Hugging Face Hub page; `url` is the parsed, normalized form. */
export function checkHubUrl(value: unknown): UrlCheck {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value) : String(value);
  const refuse = (why: string): UrlCheck => ({ ok: false, reason: `Not opening the model link ${shown} from the run record: ${why}` });
  if (typeof value !== 'string' || value.trim() === '') return refuse('it is not a URL.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('it is not a URL.');
  }
  if (url.protocol !== 'https:') return refuse(`only https links to ${HUB_HOST} are opened, not ${url.protocol.replace(/:$/, '')} links.`);
  if (url.username || url.password) return refuse('it carries a user name or password.');
  if (url.hostname !== HUB_HOST || url.port !== '') return refuse(`only links to ${HUB_HOST} are opened, not to ${url.host}.`);
  return { ok: true, url: url.href };
}
