/**
 * The rule packs Casebook ships (docs/modules/obligations.md; sources in
 * docs/data-sources.md): the reporting and response duties of India, the European Union,
 * the United Kingdom and the United States as data. Each rule is checked as `createRule`
 * checks it, and a pack whose rule names another (`submitted(…)`) must ship that one too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleDefinition } from '../obligation-types.ts';
import { validateRuleDefinition } from '../rule-definition.ts';
import { parseTrigger } from '../rule-grammar.ts';

export interface RulePack {
  /** `obligation_rules.pack` */
  pack: string;
  name: string;
  rules: RuleDefinition[];
}

export const RULE_PACK_FILES = ['in.json', 'eu.json', 'uk.json', 'us.json'] as const;

let loaded: RulePack[] | null = null;

function readPack(file: string): RulePack {
  const raw = JSON.parse(readFileSync(path.join(import.meta.dirname, file), 'utf8')) as { pack?: unknown; name?: unknown; rules?: unknown };
  if (typeof raw.pack !== 'string' || !/^[A-Za-z0-9-]{1,20}$/.test(raw.pack) || typeof raw.name !== 'string' || !Array.isArray(raw.rules)) {
    throw new Error(`The rule pack ${file} needs a pack code, a name and a list of rules.`);
  }
  const rules = raw.rules.map((rule: unknown, index) => {
    try {
      return validateRuleDefinition(rule);
    } catch (error) {
      throw new Error(`Rule ${index + 1} of the rule pack ${file} is invalid: ${(error as Error).message}`);
    }
  });
  return { pack: raw.pack, name: raw.name, rules };
}

/** Every shipped pack, validated. Throws, naming the pack and rule, when one is not valid. */
export function loadRulePacks(): RulePack[] {
  if (loaded) return loaded;
  const packs = RULE_PACK_FILES.map(readPack);
  const codes = new Set<string>();
  for (const rule of packs.flatMap((p) => p.rules)) {
    if (codes.has(rule.code)) throw new Error(`The rule code ${rule.code} is shipped twice.`);
    codes.add(rule.code);
  }
  for (const rule of packs.flatMap((p) => p.rules)) {
    const trigger = parseTrigger(rule.trigger);
    if (trigger.kind === 'submitted' && !codes.has(trigger.ruleCode)) throw new Error(`The rule ${rule.code} runs from ${trigger.ruleCode}, which no pack ships.`);
  }
  loaded = packs;
  return packs;
}
