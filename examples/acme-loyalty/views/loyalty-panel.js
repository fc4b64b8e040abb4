/**
 * The "Loyalty" panel of the console's customer page (`contributes.views`): the customer's tier,
 * why, and what they need for the next one. It runs in the browser, not in the server: the
 * console imports this file and calls `render`. It reads the plugin's own GraphQL field,
 * `Customer.loyaltyTier`, with the signed-in user's credential, so an agent sees what their role
 * lets them read, and nothing else.
 *
 * One self-contained ES module, no imports, no framework: the console hands it a DOM element.
 */

const QUERY = `query LoyaltyPanel($id: ID!) {
  customer(id: $id) {
    loyaltyTier {
      tier explanation purchases amount currency csat heldBack
      next { tier purchasesNeeded amountNeeded csatNeeded csatShort }
    }
  }
}`;

/**
 * @param {HTMLElement} element
 * @param {import('@rapport/sdk').ViewProps} props
 */
export async function render(element, { objectId, graphql, scope }) {
  const doc = element.ownerDocument;
  element.replaceChildren(paragraph(doc, 'Loading the tier…', 'muted'));
  /** @type {{ customer: { loyaltyTier: LoyaltyTier | null } | null }} */
  const data = await graphql(QUERY, { id: objectId });
  // The agent may have moved on to another customer meanwhile: this element is no longer shown.
  if (scope.disposed) return;
  const loyalty = data.customer?.loyaltyTier ?? null;
  element.replaceChildren(...(loyalty ? describe(doc, loyalty) : [paragraph(doc, 'No tier yet: a first purchase earns bronze.', 'muted')]));
}

/**
 * @typedef {{ tier: string, purchasesNeeded: number, amountNeeded: number, csatNeeded: number | null, csatShort: boolean }} NextTier
 * @typedef {{ tier: string, explanation: string | null, purchases: number, amount: number, currency: string, csat: number | null, heldBack: boolean, next: NextTier | null }} LoyaltyTier
 */

/**
 * @param {Document} doc
 * @param {LoyaltyTier} loyalty
 */
function describe(doc, loyalty) {
  const tier = doc.createElement('p');
  tier.className = 'loyalty-tier';
  tier.dataset.loyaltyTier = loyalty.tier;
  const name = doc.createElement('strong');
  name.textContent = capitalize(loyalty.tier);
  tier.append('Tier: ', name);
  const parts = [tier];
  if (loyalty.explanation) parts.push(paragraph(doc, loyalty.explanation, 'explanation'));
  parts.push(paragraph(doc, nextTierSentence(loyalty), 'loyalty-next'));
  return parts;
}

/** "For platinum: 4 more purchases and 690 EUR more spending, with a CSAT of at least 90 (now 85)." */
function nextTierSentence({ next, currency, csat }) {
  if (!next) return 'Platinum is the highest tier.';
  const needs = [];
  if (next.purchasesNeeded > 0) needs.push(`${next.purchasesNeeded} more purchase${next.purchasesNeeded === 1 ? '' : 's'}`);
  if (next.amountNeeded > 0) needs.push(`${next.amountNeeded} ${currency} more spending`);
  const csatNote =
    next.csatNeeded === null ? '' : `${next.csatShort ? 'a CSAT of at least' : 'keeping a CSAT of at least'} ${next.csatNeeded} (${csat === null ? 'none yet' : `now ${csat}`})`;
  if (needs.length === 0) return `For ${next.tier}: ${csatNote || 'nothing more'}.`;
  return `For ${next.tier}: ${needs.join(' and ')}${csatNote ? `, with ${csatNote}` : ''}.`;
}

function paragraph(doc, text, className) {
  const p = doc.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
