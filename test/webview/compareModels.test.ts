// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import { catalogData } from '../../src/extension/panel/wizardModel';
import { App } from '../../webview-ui/app';
import { fakeApi, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

function open() {
  const root = setupDom('wizard');
  const api = fakeApi();
  app = new App(api, root, { debounceMs: 0 });
  app.handle({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: '/ws', draft: null });
  // No task is preselected: the base-model step appears once the user has chosen one.
  (document.querySelector('#task-information-retrieval') as HTMLElement).click();
  return api;
}

describe('the base-model step: Compare on my data', () => {
  it('asks the host for a bake-off on the current draft', () => {
    const api = open();
    (document.querySelector('[data-testid="compare-models"]') as HTMLElement).click();
    const asked = api.posted.filter((m) => m.type === 'wizard.compareModels');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.type === 'wizard.compareModels' && asked[0]!.draft.task).toBe('information-retrieval');
    expect(parseWebviewMessage(asked[0]).ok).toBe(true);
  });

  it('"Use this model" from the host sets the draft\'s model, its field and its chip', () => {
    const api = open();
    expect(app!.handle({ type: 'wizard.useModel', model: 'BAAI/bge-small-en-v1.5' })).toBe(true);
    expect((document.querySelector('#model-input') as HTMLInputElement | null)?.value ?? document.querySelector('#model-input')?.getAttribute('value')).toBe('BAAI/bge-small-en-v1.5');
    expect(document.querySelector('[data-model="BAAI/bge-small-en-v1.5"]')?.getAttribute('aria-pressed')).toBe('true');
    expect((api.state as { draft: { model: string } }).draft.model).toBe('BAAI/bge-small-en-v1.5');
  });

  it('validates both messages: an empty model or a missing draft is refused', () => {
    open();
    expect(parseHostMessage({ type: 'wizard.useModel', model: '' }).ok).toBe(false);
    expect(parseWebviewMessage({ type: 'wizard.compareModels' }).ok).toBe(false);
    expect(app!.handle({ type: 'wizard.useModel', model: 42 })).toBe(false);
    expect(document.querySelector('[data-model="BAAI/bge-small-en-v1.5"]')?.getAttribute('aria-pressed')).toBe('false');
  });
});
