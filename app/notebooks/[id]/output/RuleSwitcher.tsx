"use client";
import { useId, useState, type FormEvent } from "react";
import { PARITY_RULES } from "../../../../lib/parity/rules";
import { ParityRule, ParityRuleName } from "../../../../lib/schemas/parity";
import { RULE_PARAMS } from "./ruleParams";

type Draft = Record<string, string>;

function draftOf(rule: ParityRule): Draft {
  const out: Draft = {};
  for (const p of RULE_PARAMS[rule.name]) out[p.key] = String((rule as Record<string, unknown>)[p.key] ?? "");
  return out;
}

/** Parses the drafted parameters; a message naming the bad value when one does not parse. */
function parseDraft(name: ParityRuleName, draft: Draft): { rule: ParityRule } | { error: string } {
  const input: Record<string, unknown> = { name };
  for (const p of RULE_PARAMS[name]) {
    const raw = (draft[p.key] ?? "").trim();
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) return { error: `${p.label} must be a number ≥ 0; got ${JSON.stringify(raw)}` };
    input[p.key] = value;
  }
  const parsed = ParityRule.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return { rule: parsed.data };
}

/**
 * Picks the parity rule the verdict uses. A new rule applies at once (with its defaults); edited
 * parameters apply on Enter or "Apply". The parent recomputes the verdict without re-running.
 */
export function RuleSwitcher(props: { rule: ParityRule; onRuleChange(rule: ParityRule): void; disabled?: boolean }) {
  // Remount the form when the applied rule changes, so the draft restarts from it.
  return <RuleForm key={JSON.stringify(props.rule)} {...props} />;
}

function RuleForm({ rule, onRuleChange, disabled }: { rule: ParityRule; onRuleChange(rule: ParityRule): void; disabled?: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const params = RULE_PARAMS[rule.name];
  const info = PARITY_RULES[rule.name];
  const dirty = params.some((p) => (draft[p.key] ?? "") !== String((rule as Record<string, unknown>)[p.key]));

  const pick = (name: string) => {
    const parsed = ParityRuleName.safeParse(name);
    if (parsed.success) onRuleChange(ParityRule.parse({ name: parsed.data }));
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const out = parseDraft(rule.name, draft);
    if ("error" in out) setError(out.error);
    else {
      setError(null);
      onRuleChange(out.rule);
    }
  };

  return (
    <form className="out-rule" onSubmit={apply} data-testid="rule-switcher" aria-label="Parity rule">
      <label>
        rule
        <select value={rule.name} onChange={(e) => pick(e.target.value)} disabled={disabled} title={info.definition} data-testid="rule-select">
          {ParityRuleName.options.map((name) => (
            <option key={name} value={name} title={PARITY_RULES[name].definition}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {params.map((p) => (
        <label key={p.key} title={p.help}>
          {p.label}
          <input
            inputMode="decimal"
            size={7}
            value={draft[p.key] ?? ""}
            disabled={disabled}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            data-testid={`rule-param-${p.key}`}
            onChange={(e) => setDraft({ ...draft, [p.key]: e.target.value })}
          />
        </label>
      ))}
      {params.length > 0 && (
        <button type="submit" disabled={disabled || !dirty}>
          Apply
        </button>
      )}
      <p className="out-rule-def muted">
        {info.definition} <span className="out-source">({info.source})</span>
      </p>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
