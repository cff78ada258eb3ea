/**
 * The Reference Security Incident Taxonomy (MISP machine-tag form, shipped in data/;
 * source and licence in docs/data-sources.md): every incident category names one of its
 * class/type pairs, so categories can be mapped to RSIT for exchange with other CSIRTs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface MachineTag {
  values: Array<{ predicate: string; entry: Array<{ value: string }> }>;
}

const taxonomy = JSON.parse(readFileSync(path.join(import.meta.dirname, 'data/rsit-machinetag.json'), 'utf8')) as MachineTag;
const PAIRS = new Set(taxonomy.values.flatMap((v) => v.entry.map((e) => `${v.predicate}/${e.value}`)));

export function isRsitType(rsitClass: string, rsitType: string): boolean {
  return PAIRS.has(`${rsitClass}/${rsitType}`);
}
