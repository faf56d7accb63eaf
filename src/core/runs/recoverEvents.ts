import type { JobBackend } from '../backends/jobBackend';
import { parseEventJson } from '../events/parseLine';
import type { RunSink } from './runSink';

/**
 * Adds the backend's own copy of a run's events (Modal: the template's events.jsonl on the
 * volume), deduplicated by seq; returns how many were new, or undefined when there is no copy
 * to read. Best effort: a run is still ended with what was recorded when this fails.
 */
export async function recoverEvents(backend: JobBackend | undefined, runId: string, sink: RunSink): Promise<number | undefined> {
  if (!backend?.recoverEvents) return undefined;
  try {
    let added = 0;
    for (const line of await backend.recoverEvents(runId)) {
      const parsed = parseEventJson(line);
      if (parsed.kind === 'event' && sink.ingest(parsed.event)) added += 1;
    }
    return added;
  } catch {
    return undefined;
  }
}
