/**
 * The "{{displayName}}" panel of the console's customer page (`contributes.views` in
 * package.json): the customer's {{id}} score, with its label and explanation.
 *
 * It runs in the browser, not in the server: the console imports this file when a customer's
 * page opens and calls `render(element, props)`. It reads the plugin's own GraphQL field with the
 * signed-in user's credential, so it can do exactly what that user may. It must stay one
 * self-contained ES module (no imports): the console loads this one file. Write it in plain
 * JavaScript, as here, or bundle a larger view into this file with your bundler.
 */

/** The plugin's field on Customer (schema.graphql). */
const FIELD = '{{fieldName}}';
const QUERY = `query ($id: ID!) { customer(id: $id) { ${FIELD} { value label explanation } } }`;

/**
 * @param {HTMLElement} element - the panel's body, yours alone
 * @param {import('@rapport/sdk').ViewProps} props - the customer's id, a GraphQL client and a scope disposed when the panel goes
 */
export async function render(element, { objectId, graphql, scope }) {
  element.textContent = 'Loading…';
  const data = await graphql(QUERY, { id: objectId });
  // The agent may have opened another customer meanwhile: this element is no longer shown.
  if (scope.disposed) return;
  const score = data.customer?.[FIELD];
  if (!score) {
    element.textContent = 'No {{id}} score yet.';
    return;
  }
  const doc = element.ownerDocument;
  const value = doc.createElement('p');
  const strong = doc.createElement('strong');
  strong.textContent = String(score.value);
  value.append(strong, score.label ? ` (${score.label})` : '');
  const explanation = doc.createElement('p');
  explanation.className = 'explanation';
  explanation.textContent = score.explanation ?? '';
  element.replaceChildren(value, explanation);
}
