// The sign-in form: posts the name and password as JSON (never a form body another site could
// forge), then goes to the chat page. Messages from the server are shown as they are: generic on a
// wrong name or password, with the wait on too many attempts.
/* global document, window, URLSearchParams */
const form = document.getElementById('signin');
const error = document.getElementById('error');
const notice = document.getElementById('notice');
const submit = document.getElementById('submit');

const reasons = {
  expired: 'Your session ended. Sign in again.',
  'signed-out': 'You are signed out.',
};
const reason = new URLSearchParams(window.location.search).get('reason');
if (reason && reasons[reason]) {
  notice.textContent = reasons[reason];
  notice.hidden = false;
}

function showError(text) {
  error.textContent = text;
  error.hidden = false;
}

function minutes(seconds) {
  const m = Math.ceil(seconds / 60);
  return m <= 1 ? 'a minute' : `${m} minutes`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) return showError('Enter your user name and password.');
  submit.disabled = true;
  try {
    const res = await fetch('/api/web/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) {
      window.location.assign('/');
      return;
    }
    const body = await res.json().catch(() => ({}));
    if (res.status === 429) showError(`Too many attempts. Try again in ${minutes(Number(res.headers.get('retry-after')) || 60)}.`);
    else showError(body.error || `Sign-in failed (${res.status}).`);
    form.password.value = '';
    form.password.focus();
  } catch {
    showError('threadsql cannot be reached. Check your connection and try again.');
  } finally {
    submit.disabled = false;
  }
});
