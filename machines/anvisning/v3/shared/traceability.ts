/**
 * A process rule enforced outside the machines' transitions and step rules (a deadline, the role table, what KC
 * sees, what an e-mail may carry): a module exports `ENFORCES`, a list of these, beside the code. The
 * traceability table (scripts/traceability-table.ts, docs/traceability.md) imports the module, checks that `by`
 * is one of its exports and that `rule` is an id of docs/process.md.
 */
export interface Enforcement {
  /** The rule's id in docs/process.md, `<area>.<kebab-name>`. */
  rule: string;
  /** The name of the module's export that enforces it. */
  by: string;
}
