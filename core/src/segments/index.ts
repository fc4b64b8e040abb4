/*
 * Rule trees (contracts §12): the field table, validation, and their compilation to one SQL
 * predicate or statement over the customers table, for SQLite and PostgreSQL.
 */
export { RULE_FIELDS, RULE_OPS, RULE_TREE_LIMITS, describeRuleFields, findRuleField, ruleFieldNames } from './ruleFields.js';
export type { FieldKind, FieldSource, OperandKind, RuleField, RuleOp } from './ruleFields.js';
export { validateRuleTree, type RuleTree, type ValidLeaf, type ValidNode, type ValidRuleTree } from './ruleTree.js';
export type { LeafValue, Scalar } from './ruleValues.js';
export { compileRules, rulePredicate, type CompileOptions } from './compileRules.js';
export {
  countMatchingCustomers,
  DEFAULT_CUSTOMER_ORDER,
  keysetKeyOf,
  MAX_PAGE_SIZE,
  selectMatchingCustomers,
  validateCustomerOrder,
  type CustomerOrder,
  type CustomerPageOptions,
  type KeysetKey,
} from './customerQueries.js';
export type { CompiledSql } from './sqlDialect.js';
export { textCandidates } from './textCandidates.js';
