import type { RunSummary } from '../events/runSummary';
import type { RunMeta } from './runMeta';
import { runHeadline } from './runHeadline';
import { reportLine, testReport } from './testReport';

export interface CompletionNotice {
  severity: 'info' | 'warning';
  text: string;
  /** Buttons, first the one most users want. */
  actions: Array<'Open Dashboard' | 'Open Logs'>;
}

/**
 * What the notification says when a run ends. Completed: the headline (primary metric base →
 * fine-tuned, the change, its interval and the verdict, on the test split); otherwise why it
 * stopped. Pure, so the headline source can be swapped without touching the extension.
 */
export function completionNotice(meta: RunMeta, summary: RunSummary | undefined): CompletionNotice {
  const state = meta.state.replace('_', ' ');
  if (meta.state === 'completed') {
    const report = summary ? testReport(summary) : null;
    const headline = report ? reportLine(report) : summary ? runHeadline(meta, summary) : 'no result recorded';
    return { severity: 'info', text: `Run ${meta.name} completed: ${headline}`, actions: ['Open Dashboard', 'Open Logs'] };
  }
  const why = meta.message ?? (summary ? runHeadline(meta, summary) : state);
  return { severity: 'warning', text: `Run ${meta.name} ${state}: ${why}`, actions: ['Open Logs', 'Open Dashboard'] };
}
