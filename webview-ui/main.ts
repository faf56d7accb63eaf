/** Webview entry (bundled to dist/webview.js as a browser iife). */
import './zodConfig';
import './elements';
import { App } from './app';
import type { VsCodeApi } from './vscodeApi';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
window.addEventListener('error', (e) => api.postMessage({ type: 'webview.error', message: String(e.message) }));
new App(api, document.getElementById('app') ?? document.body);
