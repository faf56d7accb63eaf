import { describe, expect, test } from 'vitest';
import { checkHubUrl } from '../../../src/core/runs/safeUrl';

describe('checkHubUrl: which model links from a run record are opened', () => {
  test.each([
    'https://huggingface.co/alice/quora-model',
    'https://huggingface.co/alice/quora-model/tree/main',
    'https://HuggingFace.co/alice/m',
  ])('a Hub page is opened: %s', (value) => {
    const r = checkHubUrl(value);
    expect(r.ok).toBe(true);
    if (r.ok) expect(new URL(r.url).hostname).toBe('huggingface.co');
  });

  test.each([
    ['javascript:alert(1)', /not javascript links/],
    ['JaVaScRiPt:alert(document.cookie)//https://huggingface.co/a/b', /not javascript links/],
    ['file:///etc/passwd', /not file links/],
    ['http://huggingface.co/alice/m', /not http links/],
    ['vscode://ms-python.python/run', /not vscode links/],
    ['command:workbench.action.terminal.new', /not command links/],
    ['data:text/html,<script>alert(1)</script>', /not data links/],
    ['https://huggingface.co.evil.com/alice/m', /not to huggingface\.co\.evil\.com/],
    ['https://evil.com/huggingface.co/alice/m', /not to evil\.com/],
    ['https://evilhuggingface.co/alice/m', /not to evilhuggingface\.co/],
    ['https://huggingface.co@evil.com/alice/m', /user name or password/],
    ['https://user:secret@huggingface.co/alice/m', /user name or password/],
    ['https://hf_token@huggingface.co/alice/m', /user name or password/],
    ['https://huggingface.co:8443/alice/m', /not to huggingface\.co:8443/],
    ['//huggingface.co/alice/m', /not a URL/],
    ['huggingface.co/alice/m', /not a URL/],
    ['', /not a URL/],
    [null, /not a URL/],
    [42, /not a URL/],
  ])('refused: %s', (value, why) => {
    const r = checkHubUrl(value);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(why);
      expect(r.reason).toMatch(/^Not opening the model link .* from the run record: /);
    }
  });

  test('a very long hostile value is shortened in the message', () => {
    const r = checkHubUrl(`javascript:${'a'.repeat(5000)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeLessThan(300);
  });
});
