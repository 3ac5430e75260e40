// The API client every page uses: JSON with the sign-in cookie, the antiforgery token on state-changing requests, and a
// signed-out caller sent to the sign-in page (and back afterwards).
let antiforgeryToken;

// One request for the token, however many calls ask at once: two concurrent first requests would each be handed a new
// cookie token, and the browser keeps only the last cookie, so the other call's token would not match it (400).
function antiforgery() {
  antiforgeryToken ??= fetchAntiforgery().catch((error) => {
    antiforgeryToken = undefined;
    throw error;
  });
  return antiforgeryToken;
}

async function fetchAntiforgery() {
  const response = await fetch('/api/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) return signIn();
  return (await response.json()).token;
}

/** The sign-in page's address, returning to the current page. */
export function signInUrl() {
  return '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search);
}

/** Leaves for the sign-in page; the returned promise never settles, so the page stops where it is. */
function signIn() {
  location.assign(signInUrl());
  return new Promise(() => {});
}

/**
 * Calls the API and returns { ok, status, data, headers } (data: the parsed JSON body, or null). The body is sent as
 * JSON, or as it is when a `contentType` is given (e.g. BPMN XML, CSV). A signed-out caller (401) is sent to sign in,
 * and the call never returns.
 */
export async function api(path, { method = 'GET', body, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = await antiforgery();
  const payload = body === undefined ? undefined : contentType ? body : JSON.stringify(body);
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: payload });
  if (response.status === 401) return signIn();
  const text = await response.text();
  return { ok: response.ok, status: response.status, data: text ? JSON.parse(text) : null, headers: response.headers };
}

/** An API answer that was not a success. */
export class ApiError extends Error {
  constructor(path, response) {
    super(`${path}: ${response.status} ${response.data?.title ?? ''}`.trim());
    this.status = response.status;
    this.problem = response.data;
  }
}

/** GETs JSON and returns it; anything but a success throws an ApiError. */
export async function getJson(path) {
  const response = await api(path);
  if (!response.ok) throw new ApiError(path, response);
  return response.data;
}

/** GETs text (e.g. BPMN XML); anything but a success throws an ApiError. */
export async function getText(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) return signIn();
  if (!response.ok) throw new ApiError(path, { status: response.status, data: null });
  return response.text();
}

/** The rows of a list answer (a JSON array; anything else has none). */
export function items(data) {
  return Array.isArray(data) ? data : [];
}

/**
 * GETs one page of a list — every list pages with ?skip= and ?take= (given here, or already in the path) and tells how
 * many rows match in all in the X-Total-Count header — and returns { rows, total }; anything but a success throws an
 * ApiError.
 */
export async function getPage(path, skip, take) {
  const url = skip === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}skip=${encodeURIComponent(skip)}&take=${encodeURIComponent(take)}`;
  const response = await api(url);
  if (!response.ok) throw new ApiError(url, response);
  return { rows: items(response.data), total: Number(response.headers.get('X-Total-Count') ?? 0) };
}
