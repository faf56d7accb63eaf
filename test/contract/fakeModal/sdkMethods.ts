/**
 * Every RPC name of `modal.client.ModalClient` that the installed SDK knows, read from the
 * SDK's bundled service definition, so the fake can answer the ones it does not implement
 * with a recorded UNIMPLEMENTED naming the method (instead of grpc-js's silent default).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface SdkMethod {
  name: string;
  requestStream: boolean;
  responseStream: boolean;
}

export function sdkMethods(): SdkMethod[] {
  let text: string;
  try {
    text = readFileSync(createRequire(import.meta.url).resolve('modal'), 'utf8');
  } catch {
    return [];
  }
  const start = text.indexOf('ModalClientDefinition = {');
  if (start < 0) return [];
  const end = text.indexOf('\n};', start);
  const block = text.slice(start, end);
  const re = /name: "(\w+)",\s*requestType: \w+,\s*requestStream: (true|false),\s*responseType: \w+,\s*responseStream: (true|false)/g;
  const out: SdkMethod[] = [];
  for (let m = re.exec(block); m; m = re.exec(block)) {
    out.push({ name: m[1]!, requestStream: m[2] === 'true', responseStream: m[3] === 'true' });
  }
  return out;
}
