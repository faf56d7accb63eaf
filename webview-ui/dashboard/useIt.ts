import type { RunAction } from '../../src/protocol/messages';
import type { ModelStatus } from '../../src/protocol/tryModels';
import { append, clear, h } from '../dom';

const WHERE: Record<ModelStatus['location'], string> = {
  local: 'On this machine',
  downloaded: 'Downloaded from the Modal volume to',
  volume: 'On the Modal volume at',
  hub: 'On the Hugging Face Hub as',
  none: 'No saved model',
};

const BUTTONS: Array<{ action: RunAction; id: string; label: string; icon: string }> = [
  { action: 'copyCode', id: 'action-copy-code', label: 'Copy code', icon: 'copy' },
  { action: 'downloadModel', id: 'action-download-model', label: 'Download model', icon: 'cloud-download' },
  { action: 'exportOnnx', id: 'action-export-onnx', label: 'Export ONNX', icon: 'package' },
];

/** "Use it": where the model is, the Python that loads it, Download (Modal runs), Export, the last export's parity. */
export class UseIt {
  readonly element = h('section', { id: 'use-it', 'aria-label': 'Use the model', hidden: true });
  private shown = '';

  constructor(private readonly onAction: (a: RunAction) => void) {}

  render(s: ModelStatus): void {
    const key = JSON.stringify(s);
    if (key === this.shown) return;
    this.shown = key;
    this.element.hidden = s.location === 'none';
    clear(this.element);
    const enabled: Partial<Record<RunAction, boolean>> = {
      copyCode: s.code !== null,
      downloadModel: (s.location === 'volume' || s.location === 'downloaded') && !s.downloading,
      exportOnnx: s.location === 'local' || s.location === 'downloaded',
    };
    const bar = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Model actions' });
    for (const b of BUTTONS) {
      if (b.action === 'downloadModel' && s.location !== 'volume' && s.location !== 'downloaded') continue;
      const label = b.action === 'downloadModel' && s.downloading ? 'Downloading…' : b.action === 'downloadModel' && s.location === 'downloaded' ? 'Download again' : b.label;
      const button = h('vscode-button', { id: b.id, 'data-testid': b.id, icon: b.icon, secondary: b.action !== 'copyCode', disabled: !enabled[b.action] }, label);
      button.addEventListener('click', () => {
        if (!button.hasAttribute('disabled')) this.onAction(b.action);
      });
      bar.append(button);
    }
    const p = s.onnx?.parity;
    append(this.element,
      h('h3', {}, 'Use it'),
      h('p', { id: 'model-where', 'data-testid': 'model-where' }, `${WHERE[s.location]} `, s.path ? h('code', {}, s.path) : ''),
      s.code ? h('pre', { id: 'model-code', 'data-testid': 'model-code', tabindex: 0 }, h('code', {}, s.code)) : null,
      bar,
      s.onnx && p ? h('p', { id: 'model-onnx', 'data-testid': 'model-onnx', class: p.ok ? '' : 'issue error' },
        'Last ONNX export: ', h('code', {}, s.onnx.onnxFile),
        ` — parity with PyTorch on ${p.texts} held-out texts: mean cosine ${p.mean_cosine.toFixed(7)}, min ${p.min_cosine.toFixed(7)}${p.ok ? '' : ` (below ${p.threshold})`}.`) : null,
    );
  }
}
