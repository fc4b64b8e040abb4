/**
 * The "NPS" panel of the console's dashboard (`contributes.views`): the Net Promoter Score of the
 * last 90 days, with its promoters, passives and detractors. It runs in the browser, not in the
 * server: the console imports this file and calls `render`, and it reads the plugin's own
 * `Query.netPromoterScore` with the signed-in user's credential.
 *
 * One self-contained ES module, no imports, no framework: the console hands it a DOM element.
 */

const DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

const QUERY = `query NpsPanel($from: DateTime!, $to: DateTime!) {
  netPromoterScore(from: $from, to: $to) { nps responses promoters passives detractors }
}`;

/**
 * @param {HTMLElement} element
 * @param {import('@rapport/sdk').ViewProps} props
 */
export async function render(element, { graphql, scope }) {
  const doc = element.ownerDocument;
  element.replaceChildren(paragraph(doc, 'Loading the NPS…', 'muted'));
  const to = new Date();
  const from = new Date(to.getTime() - DAYS * DAY_MS);
  /** @type {{ netPromoterScore: { nps: number | null, responses: number, promoters: number, passives: number, detractors: number } | null }} */
  const data = await graphql(QUERY, { from: from.toISOString(), to: to.toISOString() });
  if (scope.disposed) return;
  const score = data.netPromoterScore;
  if (!score || score.responses === 0) {
    element.replaceChildren(paragraph(doc, `No NPS answers in the last ${DAYS} days.`, 'muted'));
    return;
  }
  const headline = doc.createElement('p');
  headline.className = 'nps-score';
  headline.dataset.nps = String(score.nps);
  const value = doc.createElement('strong');
  value.textContent = `${score.nps > 0 ? '+' : ''}${score.nps}`;
  headline.append('NPS ', value, ` over the last ${DAYS} days`);

  const counts = doc.createElement('dl');
  counts.className = 'facts';
  for (const [label, count] of [
    ['Answers', score.responses],
    ['Promoters (9–10)', score.promoters],
    ['Passives (7–8)', score.passives],
    ['Detractors (0–6)', score.detractors],
  ]) {
    const term = doc.createElement('dt');
    term.textContent = String(label);
    const figure = doc.createElement('dd');
    figure.textContent = String(count);
    counts.append(term, figure);
  }
  element.replaceChildren(headline, counts);
}

function paragraph(doc, text, className) {
  const p = doc.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
