/**
 * The answer page a survey link opens: a form that posts `{ token, answer, comment }` as JSON to
 * the same URL. The token stays in the address bar; nothing personal is in the page itself.
 */
export function answerPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anonymous pulse survey</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}fieldset{border:0;padding:0}label{margin-right:1rem}textarea{width:100%;min-height:6rem}</style>
</head><body>
<h1>Anonymous pulse survey</h1>
<p>How much do you agree, from 1 (not at all) to 5 (completely)? Your answer is stored without your name or this link.</p>
<form id="pulse">
<fieldset>${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="answer" value="${n}" required> ${n}</label>`).join('')}</fieldset>
<p><label for="comment">A comment (optional, shown only for groups where enough people answered)</label><br><textarea id="comment" name="comment" maxlength="500"></textarea></p>
<button type="submit">Send my answer</button>
</form>
<p id="result" role="status"></p>
<script>
document.getElementById('pulse').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const token = new URLSearchParams(location.search).get('token');
  const response = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, answer: Number(form.get('answer')), comment: form.get('comment') || undefined }) });
  const body = await response.json().catch(() => ({}));
  document.getElementById('result').textContent = body.message || body.error || ('Error ' + response.status);
  if (response.ok) event.target.remove();
});
</script>
</body></html>
`;
}
