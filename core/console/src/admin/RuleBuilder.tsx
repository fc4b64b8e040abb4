import { FIELDS, fieldSpec, newGroup, newLeaf, valueHint, type Group, type Leaf, type Node } from './ruleTree.js';

/** Replaces the node with `key` by what `change` makes of it; removes it when `change` answers null. */
export function updateNode(node: Node, key: number, change: (node: Node) => Node | null): Node | null {
  if (node.key === key) return change(node);
  if (node.type === 'leaf') return node;
  return { ...node, children: node.children.map((child) => updateNode(child, key, change)).filter((child): child is Node => child !== null) };
}

interface Props {
  node: Group;
  name: string;
  onChange(key: number, change: (node: Node) => Node | null): void;
  root?: boolean;
}

/** A group of rules (all / any, optionally negated) with its rules and subgroups, as nested fieldsets. */
export function RuleGroup(props: Props) {
  const { node, onChange } = props;
  const set = (patch: Partial<Group>) => onChange(node.key, (current) => ({ ...(current as Group), ...patch }));
  return (
    <fieldset class="rule-group" aria-label={props.name}>
      <legend>{props.name}</legend>
      <div class="rule-row">
        <label>
          Match
          <select value={node.join} onChange={(event) => set({ join: event.currentTarget.value as Group['join'] })}>
            <option value="all">all of these (and)</option>
            <option value="any">any of these (or)</option>
          </select>
        </label>
        <label class="inline">
          <input type="checkbox" checked={node.negate} onChange={(event) => set({ negate: event.currentTarget.checked })} /> Not (customers who do not match)
        </label>
        {!props.root && (
          <button type="button" class="secondary" onClick={() => onChange(node.key, () => null)}>
            Remove {props.name.toLowerCase()}
          </button>
        )}
      </div>
      {node.children.map((child, index) =>
        child.type === 'leaf' ? (
          <RuleLeaf key={child.key} node={child} name={`${props.name} rule ${index + 1}`} onChange={onChange} />
        ) : (
          <RuleGroup key={child.key} node={child} name={`${props.name} group ${index + 1}`} onChange={onChange} />
        ),
      )}
      <div class="rule-row">
        <button type="button" class="secondary" onClick={() => set({ children: [...node.children, newLeaf()] })}>
          Add a rule
        </button>
        <button type="button" class="secondary" onClick={() => set({ children: [...node.children, newGroup()] })}>
          Add a group
        </button>
      </div>
    </fieldset>
  );
}

function RuleLeaf(props: { node: Leaf; name: string; onChange: Props['onChange'] }) {
  const { node } = props;
  const spec = fieldSpec(node.field);
  const kind = spec.ops[node.op] ?? 'none';
  const set = (patch: Partial<Leaf>) => props.onChange(node.key, (current) => ({ ...(current as Leaf), ...patch }));
  return (
    <fieldset class="rule" aria-label={props.name}>
      <legend class="visually-hidden">{props.name}</legend>
      <label>
        Field
        <select
          value={node.field}
          onChange={(event) => {
            const next = fieldSpec(event.currentTarget.value);
            set({ field: next.field, op: node.op in next.ops ? node.op : Object.keys(next.ops)[0]!, parameter: '' });
          }}
        >
          {FIELDS.map((field) => (
            <option key={field.field} value={field.field}>
              {field.label} ({field.parameter ? `${field.field}<${field.parameter.toLowerCase()}>` : field.field})
            </option>
          ))}
        </select>
      </label>
      {spec.parameter && (
        <label>
          {spec.parameter}
          <input value={node.parameter} placeholder={spec.field === 'score.' ? 'csat' : spec.field === 'segment.' ? 'lifecycle' : 'company.size'} onInput={(event) => set({ parameter: event.currentTarget.value })} />
        </label>
      )}
      <label>
        Operator
        <select value={node.op} onChange={(event) => set({ op: event.currentTarget.value })}>
          {Object.keys(spec.ops).map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </select>
      </label>
      {kind !== 'none' && (
        <label>
          Value
          <input value={node.value} placeholder={valueHint(kind)} onInput={(event) => set({ value: event.currentTarget.value })} />
        </label>
      )}
      <button type="button" class="secondary" onClick={() => props.onChange(node.key, () => null)}>
        Remove
        <span class="visually-hidden"> {props.name.toLowerCase()}</span>
      </button>
    </fieldset>
  );
}
