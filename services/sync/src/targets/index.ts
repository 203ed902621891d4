import { directoryTargetKind } from './directory.target';
import { httpPutTargetKind } from './http-put.target';
import type { TargetKind } from './target';

/** Every kind of target, one line each. Checked at boot: no empty list, no duplicate kind. */
export const TARGET_KINDS: readonly TargetKind[] = [httpPutTargetKind, directoryTargetKind];

export function checkTargetKinds(kinds: readonly TargetKind[]): readonly TargetKind[] {
  if (kinds.length === 0) throw new Error('no sync target kind registered');
  const seen = new Set<string>();
  for (const k of kinds) {
    if (seen.has(k.kind)) throw new Error(`sync target kind ${k.kind} registered twice`);
    seen.add(k.kind);
  }
  return kinds;
}
