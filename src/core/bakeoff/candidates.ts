/**
 * Which models a bake-off compares: the ones the user named, else the catalog's base models plus
 * the config's own (first), each with its prompts (the catalog's where it knows them, else the
 * model's own config, read by the Python side). Pure.
 */
import { BASE_MODELS } from '../catalog/models';
import type { Candidate } from './bakeoffResult';

/** `--models a,b,c` -> ids; a clear message for an empty list. */
export function parseModelList(text: string): { ok: true; models: string[] } | { ok: false; message: string } {
  const models = text.split(',').map((m) => m.trim()).filter((m) => m.length > 0);
  if (!models.length) return { ok: false, message: '--models names no model; pass Hub ids or folders separated by commas, e.g. --models BAAI/bge-small-en-v1.5,sentence-transformers/all-MiniLM-L6-v2' };
  return { ok: true, models: [...new Set(models)] };
}

const catalogPrompts = (id: string): Record<string, string> | undefined => BASE_MODELS.find((m) => m.id === id)?.prompts;

function candidate(model: string, prompts?: Record<string, string>): Candidate {
  const p = prompts ?? catalogPrompts(model);
  return p ? { model, prompts: p } : { model };
}

/**
 * The candidates: `given` (ids) when there are any, else the config's model and the catalog's.
 * `configPrompts`: the prompts the config gives its own model, kept with it.
 */
export function bakeoffCandidates(configModel: string, given: readonly string[] | undefined, configPrompts?: Record<string, string>): Candidate[] {
  const ids = given?.length ? [...given] : [configModel, ...BASE_MODELS.map((m) => m.id).filter((id) => id !== configModel)];
  return ids.map((id) => candidate(id, id === configModel ? configPrompts : undefined));
}
