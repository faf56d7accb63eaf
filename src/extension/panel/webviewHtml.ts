import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ViewKind } from '../../protocol/messages';

/** The strict Content-Security-Policy of every panel: scripts by nonce only, styles/fonts/images from the extension. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; img-src ${cspSource} data:; font-src ${cspSource}`;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The panel page: no inline styles or scripts besides the nonce'd bundle. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewKind, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(asset('codicon.css'))}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttr(asset('webview.css'))}">
<title>${escapeAttr(title)}</title>
</head>
<body data-view="${view}">
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${escapeAttr(asset('webview.js'))}"></script>
</body>
</html>`;
}
